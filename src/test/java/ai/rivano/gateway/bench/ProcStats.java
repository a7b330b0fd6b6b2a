package ai.rivano.gateway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CPU time and memory of another process, read from Linux {@code /proc}. */
final class ProcStats {

  /** Clock ticks per second ({@code getconf CLK_TCK}), the unit of utime/stime in /proc/PID/stat. */
  final long clockTicksPerSecond;

  ProcStats() {
    this.clockTicksPerSecond = clockTicks();
  }

  /** utime + stime of the whole process (all threads, live and exited), in ms. */
  double cpuMillis(long pid) {
    double[] us = userSysMillis(pid);
    return us[0] + us[1];
  }

  /** {utime, stime} of the whole process in ms (NaN when unreadable). */
  double[] userSysMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after "(comm)": state is field 3, utime field 14, stime field 15 (1-based).
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new double[] {Long.parseLong(f[14 - 3]) * 1000.0 / clockTicksPerSecond,
          Long.parseLong(f[15 - 3]) * 1000.0 / clockTicksPerSecond};
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  /**
   * CPU time of the process's live threads in ns, from /proc/PID/task/TID/schedstat (scheduler accounting, ns
   * resolution, unlike the 10 ms ticks of /proc/PID/stat). Threads that exit in between are missed, so it is a
   * cross-check, not the headline figure.
   */
  long schedstatNanos(long pid) {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          String s = Files.readString(task.resolve("schedstat")).trim();
          sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException ignored) {
          // thread exited meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return sum;
  }

  /** Per-thread CPU (ns, from schedstat) keyed by thread id, with the thread's group (see {@link #group}). */
  record ThreadCpu(String group, long nanos) {
  }

  Map<Long, ThreadCpu> threadCpu(long pid) {
    Map<Long, ThreadCpu> out = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          String s = Files.readString(task.resolve("schedstat")).trim();
          String comm = Files.readString(task.resolve("comm")).trim();
          out.put(Long.parseLong(task.getFileName().toString()),
              new ThreadCpu(group(comm), Long.parseLong(s.substring(0, s.indexOf(' ')))));
        } catch (IOException | RuntimeException ignored) {
          // thread exited meanwhile
        }
      }
    } catch (IOException e) {
      // process gone
    }
    return out;
  }

  /** CPU ns per thread group between two {@link #threadCpu} snapshots (threads born in between count fully). */
  static Map<String, Long> delta(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((tid, cpu) -> {
      ThreadCpu b = before.get(tid);
      long d = cpu.nanos() - (b == null ? 0 : b.nanos());
      out.merge(cpu.group(), d, Long::sum);
    });
    return out;
  }

  /** Linux truncates thread names to 15 chars: "vert.x-eventloo", "C2 CompilerThre", "VM Thread", … */
  static String group(String comm) {
    if (comm.startsWith("vert.x-eventloo") || comm.startsWith("vert.x-acceptor")) {
      return "event loops";
    }
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return "JIT compiler";
    }
    if (comm.startsWith("VM Thread") || comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "GC/VM thread";
    }
    if (comm.startsWith("vert.x-worker") || comm.startsWith("vert.x-internal")) {
      return "vert.x workers";
    }
    return "other";
  }

  /** {@code VmRSS} and {@code VmHWM} in kB, or -1 when unreadable. */
  long[] rssKb(long pid) {
    long rss = -1;
    long hwm = -1;
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
      for (String line : lines) {
        if (line.startsWith("VmRSS:")) {
          rss = kb(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kb(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone
    }
    return new long[] {rss, hwm};
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
