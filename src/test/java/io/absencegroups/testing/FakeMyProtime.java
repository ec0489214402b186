package io.absencegroups.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A myProtime tenant with state, for processes that cannot reach a WireMock inside the test JVM's
 * Quarkus (the packaged jar has no simulator): the token endpoint, webhooks (create, get, list, soft
 * delete) and the absence-group listing, paged, over the tenant's current groups. The test changes
 * the groups with {@link #put} and {@link #remove} and sends the deliveries itself.
 */
public final class FakeMyProtime implements AutoCloseable {

    public static final String API = "/connector/protimeapi/api/v1/";
    public static final String TOKEN = "/tenants/test/connect/token";
    private static final int PAGE_SIZE = 100;

    /** A webhook as myProtime keeps it; its key is handed out once, in the 201. */
    public record Webhook(String id, String key, String destinationUrl, Instant validUntil, String status) {
        Webhook disabled() {
            return new Webhook(id, key, destinationUrl, validUntil, "Disabled");
        }

        String json() {
            return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"validUntil\":\"" + validUntil
                    + "\",\"destinationUrl\":\"" + destinationUrl + "\",\"collectionName\":\"absence-groups\"}";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
    private final TreeMap<Long, String> groups = new TreeMap<>();
    private final Duration webhookLifetime;

    public FakeMyProtime(Duration webhookLifetime) throws IOException {
        this.webhookLifetime = webhookLifetime;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: the tenant host. */
    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets a group's JSON (with its changeVersion) as the tenant's current state. */
    public synchronized void put(long id, String groupJson) {
        groups.put(id, groupJson);
    }

    public synchronized void remove(long id) {
        groups.remove(id);
    }

    public List<Webhook> webhooks() {
        return List.copyOf(webhooks.values());
    }

    public List<Webhook> enabledWebhooks() {
        return webhooks.values().stream().filter(w -> "Enabled".equals(w.status())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals(TOKEN) && method.equals("POST")) {
                exchange.getRequestBody().readAllBytes();
                send(exchange, 200, "{\"access_token\":\"tok-" + UUID.randomUUID() + "\",\"expires_in\":1800,\"token_type\":\"Bearer\"}");
            } else if (path.equals(API + "absence-groups") && method.equals("GET")) {
                send(exchange, 200, page(query(exchange, "continuationToken")));
            } else if (path.equals(API + "webhooks") && method.equals("POST")) {
                create(exchange);
            } else if (path.equals(API + "webhooks") && method.equals("GET")) {
                String body = String.join(",", webhooks.values().stream().map(Webhook::json).toList());
                send(exchange, 200, "{\"value\":[" + body + "]}");
            } else if (path.startsWith(API + "webhooks/")) {
                String id = path.substring((API + "webhooks/").length());
                Webhook webhook = webhooks.get(id);
                if (webhook == null) {
                    send(exchange, 404, "{\"title\":\"Not Found\"}");
                } else if (method.equals("DELETE")) {
                    webhooks.put(id, webhook.disabled());
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    send(exchange, 200, webhook.json());
                }
            } else {
                send(exchange, 404, "{\"title\":\"Not Found\"}");
            }
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String destination = request.replaceAll(".*\"destinationUrl\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        String id = UUID.randomUUID().toString();
        Webhook webhook = new Webhook(id, "key-" + UUID.randomUUID(), destination,
                Instant.now().plus(webhookLifetime).truncatedTo(ChronoUnit.SECONDS), "Enabled");
        webhooks.put(id, webhook);
        exchange.getResponseHeaders().add("Location", root() + API + "webhooks/" + id);
        send(exchange, 201, "{\"webhookKey\":\"" + webhook.key() + "\",\"validUntil\":\"" + webhook.validUntil() + "\"}");
    }

    private synchronized String page(String token) {
        long after = token == null ? Long.MIN_VALUE : Long.parseLong(token);
        List<Long> ids = new ArrayList<>(groups.tailMap(after, false).keySet());
        List<Long> page = ids.subList(0, Math.min(PAGE_SIZE, ids.size()));
        StringBuilder body = new StringBuilder("{\"value\":[");
        for (int i = 0; i < page.size(); i++) {
            body.append(i == 0 ? "" : ",").append(groups.get(page.get(i)));
        }
        body.append("]");
        if (ids.size() > page.size()) {
            body.append(",\"nextLink\":\"").append(API).append("absence-groups?continuationToken=")
                    .append(page.get(page.size() - 1)).append("\"");
        }
        return body.append("}").toString();
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name) && parts.length == 2) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
