package io.gamebus.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client that writes frames byte by byte, for what no well-behaved client library
 * sends: reserved bits, compressed frames, broken framing. Blocking, on a plain socket.
 */
public final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  /** The server's handshake answer, status line and headers. */
  public final String handshake;

  private RawWebSocket(Socket socket, String handshake) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.handshake = handshake;
  }

  /** Opens {@code /ws} with these extra request headers (e.g. an extension offer). */
  public static RawWebSocket open(int port, String... headers) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      StringBuilder answer = new StringBuilder();
      while (!answer.toString().endsWith("\r\n\r\n")) {
        int c = socket.getInputStream().read();
        if (c < 0) {
          throw new EOFException("handshake cut short: " + answer);
        }
        answer.append((char) c);
      }
      return new RawWebSocket(socket, answer.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one masked frame: {@code firstByte} is FIN, RSV1-3 and the opcode. */
  public RawWebSocket frame(int firstByte, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(firstByte);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        frame.write((int) (((long) payload.length >>> (8 * i)) & 0xFF));
      }
    }
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    frame.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The server's next text message (control frames skipped); fails on a close or after 10 s. */
  public JsonObject next() {
    try {
      while (true) {
        int first = in.readUnsignedByte();
        byte[] payload = payload();
        if ((first & 0x0F) == 0x8) {
          throw new AssertionError("the server closed the connection");
        }
        if ((first & 0x0F) == 0x1) {
          return new JsonObject(new String(payload, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("no message from the server: " + e, e);
    }
  }

  private byte[] payload() throws IOException {
    long length = in.readUnsignedByte() & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }

  /** The server's text messages until it closes (a close frame or the end of the stream). */
  public List<JsonObject> untilClosed() {
    List<JsonObject> messages = new ArrayList<>();
    try {
      while (true) {
        int first = in.read();
        if (first < 0) {
          return messages;
        }
        int opcode = first & 0x0F;
        byte[] payload = payload();
        if (opcode == 0x8) {
          return messages;
        }
        if (opcode == 0x1) {
          messages.add(new JsonObject(new String(payload, StandardCharsets.UTF_8)));
        }
      }
    } catch (EOFException end) {
      return messages;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close within 10 s; got " + messages, e);
    } catch (IOException e) {
      return messages; // reset by the server
    }
  }

  /** Drops the connection with a TCP reset, as a crashed client or a broken network does. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    close();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
