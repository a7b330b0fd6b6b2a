package ai.rivano.gateway.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RivanoGateway.class.getPackage().getImplementationVersion();
    return new String[] {"rivano-gateway " + (v == null ? "dev" : v)};
  }
}
