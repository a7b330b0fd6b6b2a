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
    String[] parts = text.trim().split("/", 2);
    byte[] address = literal(parts[0]);
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("bad prefix length");
      }
    }
    return new Cidr(address, prefix);
  }

  /** True when {@code address} (a literal IP, as Vert.x reports peers) lies in this range. */
  public boolean contains(String address) {
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

  private static byte[] literal(String text) {
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    boolean looksLikeIp = s.matches("[0-9.]+") ? s.split("\\.", -1).length == 4 : s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    if (!looksLikeIp) {
      throw new IllegalArgumentException("not an IP literal");
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal");
    }
  }
}
