package ai.rivano.gateway.bench;

import ai.rivano.gateway.middleware.content.TextRole;
import ai.rivano.gateway.middleware.injection.InjectionScorer;
import ai.rivano.gateway.middleware.injection.ScoredText;
import ai.rivano.gateway.middleware.pii.PiiDetector;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.pii.PiiStreamWindow;

import java.util.EnumSet;
import java.util.List;

/**
 * Cost of the detection guardrails on one core, per 1 KB prompt: PII detect (all entities), PII holdFrom, the
 * injection score, and the stream window per chunk. A measuring tool, not a test (timings under load are
 * noise): {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt)
 * ai.rivano.gateway.bench.GuardrailMicroBench}. Figures in docs/guardrails.md.
 */
public final class GuardrailMicroBench {

  /** A typical 1 KB prompt: prose, capitalised words, numbers, code, no PII. */
  static final String CLEAN = """
      Hi! I'm working on the Q3 planning document for our platform team and need help tightening it up. \
      The current draft says we will migrate 12 services to Kubernetes 1.29 by October, reduce p99 latency \
      from 340 ms to 200 ms, and cut the cloud bill by 15%. Can you rewrite the summary so it reads well for \
      the leadership review on Monday? Keep it under 150 words, use plain English, and avoid buzzwords. \
      Also, here is a snippet from our deploy script that keeps failing on the second step:
      ```bash
      kubectl rollout status deployment/api --timeout=120s || exit 1
      helm upgrade api ./charts/api --version 2.4.1 --set replicas=3
      ```
      The error says "context deadline exceeded" after about two minutes. What are the usual causes, and how \
      would you debug it? We run on three nodes with 8 vCPU and 32 GB each, and the cluster autoscaler is on. \
      Finally, suggest a short title for the document and three bullet points for the risks section. Thanks!
      """;

  /** The same size with PII: names, an email, a phone number, a card, an address. */
  static final String WITH_PII = """
      Hello, my name is Sarah Johnson and I need to update my billing details. My email is \
      sarah.johnson@example.com and you can call me at (415) 555-2671 if anything is unclear. Please charge \
      the card 4111 1111 1111 1111 instead of the old one, and send the invoice to 742 Evergreen Terrace, \
      Springfield, OR 97403. My colleague Daniel Okafor will also need access; his phone is +44 20 7946 0958. \
      The server we use for the integration is at 203.0.113.42 and the account was opened on 2021-03-15. \
      Thanks for your help, I have been a customer for six years and the service has been great overall. \
      One more thing: the last invoice INV-2023-00042 listed 12 licences instead of 10; can you correct it \
      and confirm by email? I would also like to know whether the annual plan is cheaper than monthly billing \
      for a team of 10 people, and whether we can switch in the middle of the billing cycle without losing \
      the discount we negotiated last year. Best regards, Sarah Johnson.
      """;

  public static void main(String[] args) {
    PiiDetector pii = PiiDetector.create();
    InjectionScorer injection = InjectionScorer.create();
    System.out.printf("prompt sizes: clean %d chars, with PII %d chars%n", CLEAN.length(), WITH_PII.length());
    for (int round = 0; round < 3; round++) {
      // what one plain pass over the same text costs here and now: the figures below are relative to it
      report("reference: hash of every char", CLEAN, () -> {
        int h = 0;
        for (int i = 0; i < CLEAN.length(); i++) {
          h = 31 * h + CLEAN.charAt(i);
        }
        return h;
      });
      report("pii detect, clean", CLEAN, () -> pii.detect(CLEAN).size());
      report("pii detect, with PII", WITH_PII, () -> pii.detect(WITH_PII).size());
      report("pii holdFrom, clean", CLEAN, () -> pii.holdFrom(CLEAN));
      report("injection score, clean", CLEAN,
          () -> (int) (injection.score(List.of(new ScoredText(TextRole.USER, CLEAN))).score() * 10));
      report("injection score, with PII", WITH_PII,
          () -> (int) (injection.score(List.of(new ScoredText(TextRole.USER, WITH_PII))).score() * 10));
      report("stream window, 4-char chunks (per KB)", CLEAN, () -> streamInChunks(pii, CLEAN, 4));
      report("stream window, 40-char chunks (per KB)", CLEAN, () -> streamInChunks(pii, CLEAN, 40));
      System.out.println();
    }
  }

  private static int streamInChunks(PiiDetector pii, String text, int size) {
    PiiStreamWindow window = new PiiStreamWindow(pii, EnumSet.allOf(PiiEntity.class), (m, v) -> "[" + m.entity() + "]");
    int out = 0;
    for (int k = 0; k < text.length(); k += size) {
      out += window.push(text.substring(k, Math.min(text.length(), k + size))).length();
    }
    return out + window.finish().length();
  }

  /**
   * Thread CPU time, not wall time: the machine is shared, and CPU time is what a request costs the event loop
   * (the best of five one-second samples, after a warm-up, to drop samples disturbed by cache pressure).
   */
  private static void report(String name, String text, java.util.function.IntSupplier work) {
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    int sink = 0;
    long warmupEnd = cpu.getCurrentThreadCpuTime() + 2_000_000_000L;
    while (cpu.getCurrentThreadCpuTime() < warmupEnd) {
      sink += work.getAsInt();
    }
    double micros = Double.MAX_VALUE;
    for (int sample = 0; sample < 5; sample++) {
      int iterations = 0;
      long start = cpu.getCurrentThreadCpuTime();
      long now;
      do {
        for (int k = 0; k < 50; k++) {
          sink += work.getAsInt();
        }
        iterations += 50;
        now = cpu.getCurrentThreadCpuTime();
      } while (now - start < 1_000_000_000L);
      micros = Math.min(micros, (now - start) / 1000.0 / iterations);
    }
    System.out.printf("%-42s %8.2f µs per call, %8.2f µs per KB   (%d)%n", name, micros,
        micros * 1024 / text.length(), sink & 1);
  }
}
