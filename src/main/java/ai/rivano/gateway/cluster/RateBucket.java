package ai.rivano.gateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * One client's rate-limit state in the shared map: the cluster's theoretical arrival time (GCRA) on the clock of
 * the member that owns the entry, and for each node that serves the client when it last pushed and the share of
 * the allowance it was granted until its next push. Only {@link Push} changes it, on the owning member's
 * partition thread, so concurrent pushes from several nodes never lose a count.
 *
 * <p>Grants are what keeps a client spread over N nodes from taking N times its allowance between merges: what
 * is left of the allowance, minus what other nodes hold, is shared out among the nodes serving the client, and a
 * node admits at most its grant until its next push.
 */
public final class RateBucket implements DataSerializable {

  /** A node that pushed within this window counts as serving the client (the "spread"). */
  static final long SPREAD_WINDOW_MILLIS = 5_000;
  /**
   * For this long after a node first pushes for a client, the number of nodes serving it is taken to be the whole
   * cluster: the others may not have pushed yet (each pushes within one sync interval of its first admission).
   */
  static final long LEARNING_MILLIS = 250;
  /** A grant is held for others this long (a node uses it for less, see ClusterRateLimiter.GRANT_NANOS). */
  static final long GRANT_MILLIS = 250;
  private static final int MAX_NODES = 16;

  private long tatNanos;
  private long newestNodeMillis;
  private String[] nodes = new String[0];
  private long[] seenMillis = new long[0];
  private long[] grants = new long[0];
  private long[] grantUntilMillis = new long[0];

  public RateBucket() {
    // for Hazelcast
  }

  long tatNanos() {
    return tatNanos;
  }

  /**
   * Adds {@code count} admissions of {@code node}, the first made at {@code sinceNanos} (the owner's clock: its
   * now minus the age the node measured), and grants the node its share of what is left.
   *
   * @return {@code [debt, spread, grant]}: how far the TAT is ahead of now (ns), the nodes serving the client, and
   *     how many requests the node may admit before its next push
   */
  long[] add(String node, int count, long intervalNanos, long sinceNanos, long nowNanos, long nowMillis,
             int clusterSize) {
    tatNanos = Math.max(tatNanos, sinceNanos) + count * intervalNanos;
    int self = slot(node, nowMillis);
    seenMillis[self] = nowMillis;
    int spread = 0;
    long heldByOthers = 0;
    for (int i = 0; i < nodes.length; i++) {
      if (nowMillis - seenMillis[i] <= SPREAD_WINDOW_MILLIS) {
        spread++;
      }
      if (i != self && grantUntilMillis[i] > nowMillis) {
        heldByOthers += grants[i];
      }
    }
    long window = ai.rivano.gateway.middleware.Gcra.WINDOW_NANOS;
    if (nowMillis - newestNodeMillis < LEARNING_MILLIS && clusterSize > spread) {
      // Nodes that have not pushed yet may already have admitted their first share (a minute's allowance divided
      // by the cluster's size, see ClusterRateLimiter): hold that much for each of them.
      heldByOthers += (clusterSize - spread) * ((window / intervalNanos + clusterSize - 1) / clusterSize);
      spread = clusterSize;
    }
    long left = (nowNanos + window - Math.max(tatNanos, nowNanos)) / intervalNanos;
    long free = Math.max(0, left - heldByOthers);
    long grant = free / Math.max(1, spread);
    if (grant == 0 && free > 0) {
      grant = 1; // less than one each: first come, first served (it is held, so the next node sees it gone)
    }
    grants[self] = grant;
    grantUntilMillis[self] = nowMillis + GRANT_MILLIS;
    return new long[] {tatNanos - nowNanos, spread, grant};
  }

  private int slot(String node, long nowMillis) {
    int oldest = 0;
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].equals(node)) {
        return i;
      }
      if (seenMillis[i] < seenMillis[oldest]) {
        oldest = i;
      }
    }
    int slot = oldest; // full: a departed node's slot
    if (nodes.length < MAX_NODES) {
      slot = nodes.length;
      nodes = Arrays.copyOf(nodes, slot + 1);
      seenMillis = Arrays.copyOf(seenMillis, slot + 1);
      grants = Arrays.copyOf(grants, slot + 1);
      grantUntilMillis = Arrays.copyOf(grantUntilMillis, slot + 1);
    }
    nodes[slot] = node;
    grants[slot] = 0;
    grantUntilMillis[slot] = 0;
    newestNodeMillis = nowMillis;
    return slot;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(tatNanos);
    out.writeLong(newestNodeMillis);
    out.writeStringArray(nodes);
    out.writeLongArray(seenMillis);
    out.writeLongArray(grants);
    out.writeLongArray(grantUntilMillis);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    tatNanos = in.readLong();
    newestNodeMillis = in.readLong();
    nodes = in.readStringArray();
    seenMillis = in.readLongArray();
    grants = in.readLongArray();
    grantUntilMillis = in.readLongArray();
  }

  /**
   * What a node sends every sync interval for a client it admitted requests for (or was short of a grant for):
   * how many, at which interval, how long ago the first of them was admitted (a duration, so clocks need not
   * agree), and the cluster's size as the node sees it. Answers {@link RateBucket#add}'s {@code [debt, spread,
   * grant]}.
   */
  public static final class Push implements EntryProcessor<String, RateBucket, long[]>, DataSerializable {

    private String node;
    private int count;
    private long intervalNanos;
    private long ageNanos;
    private int clusterSize;
    private transient RateBucket result;

    public Push() {
      // for Hazelcast
    }

    Push(String node, int count, long intervalNanos, long ageNanos, int clusterSize) {
      this.node = node;
      this.count = count;
      this.intervalNanos = intervalNanos;
      this.ageNanos = ageNanos;
      this.clusterSize = clusterSize;
    }

    @Override
    public long[] process(Map.Entry<String, RateBucket> entry) {
      long nowMillis = System.currentTimeMillis();
      long nowNanos = nowMillis * 1_000_000L;
      RateBucket bucket = entry.getValue() == null ? new RateBucket() : entry.getValue();
      long[] answer = bucket.add(node, count, intervalNanos, nowNanos - ageNanos, nowNanos, nowMillis, clusterSize);
      entry.setValue(bucket);
      result = bucket;
      return answer;
    }

    /** The backup gets the value computed here, not a re-run on another clock. */
    @Override
    public EntryProcessor<String, RateBucket, long[]> getBackupProcessor() {
      return result == null ? null : new Replace(result);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
      out.writeInt(count);
      out.writeLong(intervalNanos);
      out.writeLong(ageNanos);
      out.writeInt(clusterSize);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
      count = in.readInt();
      intervalNanos = in.readLong();
      ageNanos = in.readLong();
      clusterSize = in.readInt();
    }
  }

  /** Sets a backup replica to the primary's result. */
  public static final class Replace implements EntryProcessor<String, RateBucket, long[]>, DataSerializable {

    private RateBucket value;

    public Replace() {
      // for Hazelcast
    }

    Replace(RateBucket value) {
      this.value = value;
    }

    @Override
    public long[] process(Map.Entry<String, RateBucket> entry) {
      entry.setValue(value);
      return null;
    }

    @Override
    public EntryProcessor<String, RateBucket, long[]> getBackupProcessor() {
      return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      value = in.readObject();
    }
  }
}
