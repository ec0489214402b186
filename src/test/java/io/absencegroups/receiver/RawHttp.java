package io.absencegroups.receiver;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bare HTTP/1.1 connection, for what an HTTP client library will not do: declare a body and not
 * send it, send chunks past a limit, or trickle bytes.
 */
final class RawHttp implements Closeable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp() throws IOException {
        socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one chunk of chunked transfer encoding. */
    void sendChunk(byte[] bytes) throws IOException {
        send(Integer.toHexString(bytes.length) + "\r\n");
        send(bytes);
        send("\r\n");
    }

    /** True when the server has sent something (or closed). */
    boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** Reads one response whose body has a Content-Length. */
    Reply read() throws IOException {
        String status = line();
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Reply(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection: a read sees the end of the stream (or a reset). */
    boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the connection closed before the response was complete");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Reply(int status, Map<String, String> headers, String body) {
    }
}
