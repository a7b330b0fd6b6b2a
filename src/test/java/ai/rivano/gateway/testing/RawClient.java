package ai.rivano.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP socket to 127.0.0.1 speaking HTTP by hand: for what a client library would never send (conflicting
 * framing, a head that never ends, a body trickled a byte at a time) and to see exactly what the server does with
 * the connection afterwards (answers, closes, resets). Every read is bounded.
 */
public final class RawClient implements AutoCloseable {

  /** The start of a chat request's head; the caller adds its framing headers and the blank line. */
  public static final String CHAT_HEAD =
      "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n";

  /** What the server did with the connection by the end of a bounded read. */
  public enum Ending { CLOSED, RESET, STILL_OPEN }

  /** One HTTP response as read off the wire. */
  public record Response(int status, String head, String body) {
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  public static RawClient connect(int port) {
    try {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      return new RawClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends text as ISO-8859-1 bytes; false when the server had already closed or reset the connection. */
  public boolean send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public boolean send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads one response (head, then a Content-Length or chunked body) within {@code bound}. */
  public Response readResponse(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    String head = readUntil("\r\n\r\n", deadline);
    int status = Integer.parseInt(head.substring(9, 12));
    Response headOnly = new Response(status, head, "");
    String length = headOnly.header("content-length");
    String body;
    if (length != null) {
      body = new String(readExactly(Integer.parseInt(length), deadline), StandardCharsets.ISO_8859_1);
    } else if ("chunked".equalsIgnoreCase(headOnly.header("transfer-encoding"))) {
      StringBuilder text = new StringBuilder();
      while (true) {
        int size = Integer.parseInt(readUntil("\r\n", deadline).trim(), 16);
        if (size == 0) {
          readUntil("\r\n", deadline);
          break;
        }
        text.append(new String(readExactly(size, deadline), StandardCharsets.ISO_8859_1));
        readUntil("\r\n", deadline);
      }
      body = text.toString();
    } else {
      body = "";
    }
    return new Response(status, head, body);
  }

  /**
   * Waits up to {@code bound} for the server to end the connection, discarding whatever else it sends: closed
   * (end of stream), reset, or still open when the bound passed.
   */
  public Ending awaitEnd(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    pending.reset();
    byte[] sink = new byte[8192];
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return Ending.STILL_OPEN;
        }
        socket.setSoTimeout((int) Math.max(1, left));
        if (in.read(sink) < 0) {
          return Ending.CLOSED;
        }
      }
    } catch (SocketTimeoutException e) {
      return Ending.STILL_OPEN;
    } catch (SocketException e) {
      return Ending.RESET;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True once the server has ended the connection (closed or reset), within {@code bound}. */
  public boolean endedWithin(Duration bound) {
    return awaitEnd(bound) != Ending.STILL_OPEN;
  }

  private String readUntil(String terminator, long deadline) {
    byte[] end = terminator.getBytes(StandardCharsets.ISO_8859_1);
    while (true) {
      byte[] have = pending.toByteArray();
      int at = indexOf(have, end);
      if (at >= 0) {
        pending.reset();
        pending.write(have, at + end.length, have.length - at - end.length);
        return new String(have, 0, at, StandardCharsets.ISO_8859_1);
      }
      readMore(deadline);
    }
  }

  private byte[] readExactly(int n, long deadline) {
    while (pending.size() < n) {
      readMore(deadline);
    }
    byte[] have = pending.toByteArray();
    pending.reset();
    pending.write(have, n, have.length - n);
    byte[] out = new byte[n];
    System.arraycopy(have, 0, out, 0, n);
    return out;
  }

  private void readMore(long deadline) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new AssertionError("no complete response in time; got so far: "
          + pending.toString(StandardCharsets.ISO_8859_1));
    }
    try {
      socket.setSoTimeout((int) Math.max(1, left));
      byte[] buffer = new byte[8192];
      int n = in.read(buffer);
      if (n < 0) {
        throw new AssertionError("connection closed before a complete response; got: "
            + pending.toString(StandardCharsets.ISO_8859_1));
      }
      pending.write(buffer, 0, n);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no complete response in time; got so far: "
          + pending.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server may already have reset
    }
  }
}
