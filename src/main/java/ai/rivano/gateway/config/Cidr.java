package ai.rivano.gateway.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 range such as {@code 10.0.0.0/8}; a bare address is a range of one. Used for
 * {@code trustedProxies}. Parsing never does DNS: only literal addresses are accepted.
 */
public final class Cidr {

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no address");
    }
    String[] parts = text.trim().split("/", 2);
    byte[] address = literal(parts[0]);
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      if (!parts[1].matches("\\d{1,3}")) {
        throw new IllegalArgumentException("bad prefix length");
      }
      prefix = Integer.parseInt(parts[1]);
      if (prefix > bits) {
        throw new IllegalArgumentException("bad prefix length");
      }
    }
    return new Cidr(address, prefix);
  }

  /** True when {@code address} (a literal IP, as Vert.x reports peers) lies in this range. */
  public boolean contains(String address) {
    if (address == null) {
      return false;
    }
    byte[] candidate;
    try {
      candidate = literal(address);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (candidate.length != network.length) {
      return false;
    }
    BigInteger mask = prefix == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(network.length * 8 - prefix);
    return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
  }

  /** Parses a literal address without ever resolving a name (InetAddress would look up "999.1.1.1" in DNS). */
  private static byte[] literal(String text) {
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      byte[] out = new byte[4];
      String[] octets = s.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(octets[i]);
        if (v > 255) {
          throw new IllegalArgumentException("not an IP literal");
        }
        out[i] = (byte) v;
      }
      return out;
    }
    // with a ':' InetAddress treats the text as an IPv6 literal only (an invalid one fails, never a DNS lookup)
    if (s.contains(":") && s.matches("[0-9a-fA-F:.]+")) {
      try {
        return InetAddress.getByName(s).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP literal");
      }
    }
    throw new IllegalArgumentException("not an IP literal");
  }
}
