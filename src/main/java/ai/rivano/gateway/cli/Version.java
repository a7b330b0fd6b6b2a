package ai.rivano.gateway.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"rivano-gateway " + number()};
  }

  /** e.g. {@code 0.1.0-SNAPSHOT}; {@code dev} when run from classes. */
  static String number() {
    String v = RivanoGateway.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
