package io.absencegroups.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Fills a running service (bench profile) with {@code count} groups, 500 per signed delivery, for
 * {@code bench/redis.sh}'s start-to-ready of a replica over a large shared log. Fails on any answer but 200.
 * <p>
 * Usage: {@code SeedGroups <port> <webhook-key> <count>}.
 */
public final class SeedGroups {

    private static final int PER_DELIVERY = 500;

    private SeedGroups() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(args[1].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        int count = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int first = 1; first <= count; first += PER_DELIVERY) {
            StringBuilder body = new StringBuilder("[");
            for (int id = first; id < first + PER_DELIVERY && id <= count; id++) {
                body.append(id == first ? "" : ",").append("{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":").append(id)
                        .append(",\"changeVersion\":\"").append(String.format("%020X", id))
                        .append("\",\"name\":{\"default\":\"Group ").append(id).append("\",\"translations\":{\"nl\":\"Groep ")
                        .append(id).append("\"}},\"type\":\"Absence\"}}");
            }
            byte[] bytes = body.append("]").toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/absence-groups"))
                    .header("Content-Type", "application/json").header("X-Protime-Signature", HexFormat.of().formatHex(mac.doFinal(bytes)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("seeding answered " + response.statusCode() + ": " + response.body());
            }
        }
        System.out.println("SEEDED " + count);
    }
}
