package io.gamebus.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;

/** TCP framing: 4-byte big-endian length, then that many bytes of UTF-8 JSON. */
final class TcpLink extends Link {

    private final NetSocket socket;
    private final RecordParser parser = RecordParser.newFixed(4);
    private boolean expectingHeader = true;

    TcpLink(NetSocket socket) {
        this.socket = socket;
        parser.handler(this::record);
        socket.handler(parser);
        socket.exceptionHandler(e -> { });
        socket.closeHandler(v -> closed());
    }

    /** The parser alternates between a 4-byte header and a body of the announced size. */
    private void record(Buffer record) {
        if (!expectingHeader) {
            expectingHeader = true;
            parser.fixedSizeMode(4);
            receive(record);
            return;
        }
        long length = record.getUnsignedInt(0);
        if (length == 0) {
            badJson();
        } else if (length > MAX_FRAME_BYTES) {
            socket.close();
        } else {
            expectingHeader = false;
            parser.fixedSizeMode((int) length);
        }
    }

    @Override
    void send(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        socket.write(Buffer.buffer(4 + bytes.length).appendInt(bytes.length).appendBytes(bytes));
    }

    @Override
    void close() {
        socket.close();
    }
}
