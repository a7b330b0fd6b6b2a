package ai.rivano.gateway.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that ends every connection with a TCP RST (SO_LINGER 0), as a crashed process, a load balancer or a
 * fault injector does: after {@code events} SSE events of a stream (0 = before any response byte). A real socket,
 * because Vert.x's own {@code reset()} on HTTP/1.1 closes politely (FIN), which is not the same fault.
 */
final class RstUpstream implements AutoCloseable {

  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();

  RstUpstream(int events) {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          accepted.incrementAndGet();
          serve(socket, events);
        } catch (IOException closed) {
          return;
        }
      }
    }, "rst-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(Socket socket, int events) throws IOException {
    try (socket) {
      InputStream in = socket.getInputStream();
      readHead(in);
      OutputStream out = socket.getOutputStream();
      if (events > 0) {
        out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < events; i++) {
          String event = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
              + "[{\"index\":0,\"delta\":{\"content\":\"piece" + i + " \"},\"finish_reason\":null}]}\n\n";
          byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
          out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
      socket.setSoLinger(true, 0);
    }
  }

  /** Reads up to the end of the request head and a small body (what the gateway sends at once). */
  private static void readHead(InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    int total = 0;
    while (total < buffer.length) {
      int n = in.read(buffer, total, buffer.length - total);
      if (n < 0) {
        return;
      }
      total += n;
      String text = new String(buffer, 0, total, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        int length = 0;
        for (String line : text.substring(0, end).split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        if (total >= end + 4 + length) {
          return;
        }
      }
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
