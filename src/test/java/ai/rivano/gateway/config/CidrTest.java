package ai.rivano.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/8", "0.0.0.0/0", "192.168.1.10", "192.168.1.10/32", " 172.16.0.0/12 ",
      "::1", "::/0", "fd00::/8", "2001:db8::/32", "[::1]", "2001:db8::1/128", "::ffff:10.0.0.1"})
  void valid(String text) {
    assertTrue(Cidr.isValid(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/8", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/", "10.0.0.0/8/8",
      "10.0.0/8", "10.0.0.0.0", "256.0.0.1", "999.1.1.1", "1.2.3.4a", "localhost", "proxy.local", "example.com/24",
      "::1/129", "2001:db8::zz", ":::1", "10.0.0.0/abc", "fe80::1%eth0"})
  void invalid(String text) {
    assertFalse(Cidr.isValid(text), text);
  }

  @Test
  void nullIsInvalid() {
    assertFalse(Cidr.isValid(null));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(null));
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.1.2.3, true",
      "10.0.0.0/8, 11.0.0.1, false",
      "10.0.0.0/8, 10.255.255.255, true",
      "192.168.1.0/24, 192.168.1.77, true",
      "192.168.1.0/24, 192.168.2.1, false",
      "192.168.1.10, 192.168.1.10, true",
      "192.168.1.10, 192.168.1.11, false",
      "10.0.0.1/8, 10.9.9.9, true",          // host bits in the network are ignored
      "0.0.0.0/0, 8.8.8.8, true",
      "0.0.0.0/0, ::1, false",               // a v4 range never holds a v6 peer
      "::/0, 8.8.8.8, false",
      "::1, ::1, true",
      "::1, 0:0:0:0:0:0:0:1, true",
      "fd00::/8, fd12:3456::1, true",
      "fd00::/8, fe80::1, false",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/33, 2001:db8:8000::1, false",
      "10.0.0.0/8, ::ffff:10.0.0.1, true",   // IPv4-mapped peers (dual-stack sockets) match their v4 range
      "10.0.0.0/8, not-an-ip, false",
      "10.0.0.0/8, '', false"})
  void contains(String range, String address, boolean expected) {
    assertTrue(Cidr.parse(range).contains(address) == expected, range + " contains " + address);
  }

  @Test
  void containsNullIsFalse() {
    assertFalse(Cidr.parse("0.0.0.0/0").contains(null));
  }
}
