package ai.rivano.gateway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a leak would grow, read from outside the gateway process: resident memory ({@code VmRSS}), the heap still
 * live after a full GC ({@code jcmd GC.run}, then {@code jstat -gc}), open file descriptors ({@code /proc/PID/fd}),
 * and the TCP connections the gateway holds to the upstream and from its clients (its socket inodes from
 * {@code /proc/PID/fd} matched against {@code /proc/PID/net/tcp} and {@code tcp6}).
 */
final class GatewayVitals {

  /** One reading; -1 where a figure could not be read. */
  record Sample(String label, double atSeconds, long rssKb, long heapAfterGcKb, int fds, int upstreamConnections,
                int clientConnections) {
  }

  private static final String LISTEN = "0A";

  private final long pid;
  private final int upstreamPort;
  private final int gatewayPort;
  private final ProcStats proc = new ProcStats();
  private final long t0 = System.nanoTime();

  GatewayVitals(long pid, int upstreamPort, int gatewayPort) {
    this.pid = pid;
    this.upstreamPort = upstreamPort;
    this.gatewayPort = gatewayPort;
  }

  /** Reads every figure; {@code fullGc} first runs a full GC in the gateway so the heap figure is its live set. */
  Sample sample(String label, boolean fullGc) {
    long heap = fullGc ? heapAfterFullGcKb() : -1;
    Set<Long> sockets = new HashSet<>();
    int fds = fds(sockets);
    int[] conns = connections(sockets);
    return new Sample(label, (System.nanoTime() - t0) / 1e9, proc.rssKb(pid)[0], heap, fds, conns[0], conns[1]);
  }

  /** {@code jcmd PID GC.run} (a System.gc(): a full collection with every collector) then the used heap from jstat. */
  long heapAfterFullGcKb() {
    BenchProcesses.run("jcmd", Long.toString(pid), "GC.run");
    return usedHeapKb(BenchProcesses.run("jstat", "-gc", Long.toString(pid)));
  }

  /** Sums the used columns of {@code jstat -gc} (survivors, eden, old), found by name: -1 if absent. */
  static long usedHeapKb(String jstatOutput) {
    List<String> lines = jstatOutput.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    if (lines.size() < 2) {
      return -1;
    }
    String[] names = lines.get(0).split("\\s+");
    String[] values = lines.get(1).split("\\s+");
    double used = 0;
    boolean found = false;
    for (int i = 0; i < names.length && i < values.length; i++) {
      if (Set.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
        try {
          used += Double.parseDouble(values[i]);
          found = true;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return found ? Math.round(used) : -1;
  }

  /** Open descriptors; collects the inodes of those that are sockets. */
  private int fds(Set<Long> socketInodes) {
    int count = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        count++;
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            socketInodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException | RuntimeException ignored) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return count;
  }

  /** {upstream, client} connections among the gateway's sockets (any state but LISTEN). */
  private int[] connections(Set<Long> socketInodes) {
    int upstream = 0;
    int clients = 0;
    for (String table : List.of("tcp", "tcp6")) {
      List<String> rows;
      try {
        rows = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
      } catch (IOException e) {
        continue;
      }
      for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] f = row.trim().split("\\s+");
        if (f.length < 10 || LISTEN.equals(f[3]) || !socketInodes.contains(Long.parseLong(f[9]))) {
          continue;
        }
        if (port(f[2]) == upstreamPort) {
          upstream++;
        } else if (port(f[1]) == gatewayPort) {
          clients++;
        }
      }
    }
    return new int[] {upstream, clients};
  }

  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
  }
}
