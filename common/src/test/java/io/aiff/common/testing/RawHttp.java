package io.aiff.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes on a socket, for requests no HTTP client would send (no Host header, smuggling attempts). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} as written and answers what came back within two seconds (the server may close). */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException enough) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Headers and a body of the announced length have arrived. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = text.substring(0, end).toLowerCase();
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int lineEnd = headers.indexOf("\r\n", at);
        long length = Long.parseLong(headers.substring(at + 15, lineEnd < 0 ? headers.length() : lineEnd).strip());
        return text.length() - end - 4 >= length;
    }
}
