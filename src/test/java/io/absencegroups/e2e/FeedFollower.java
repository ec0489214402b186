package io.absencegroups.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * A downstream consumer as the README tells one to be: list, then poll the change feed from the
 * list's cursor with a small page size, apply the items in order, and list again on 410. It runs
 * on its own thread beside the churn, so it reads the feed while changes arrive.
 */
final class FeedFollower implements AutoCloseable {

    private final ObjectMapper mapper;
    private final Map<Long, JsonNode> copy = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger relists = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;
    private String cursor;

    FeedFollower(ObjectMapper mapper) {
        this.mapper = mapper;
        relist();
        thread = new Thread(this::follow, "feed-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running.get()) {
                if (!poll()) {
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** One page; true when it said there is more. */
    private synchronized boolean poll() {
        polls.incrementAndGet();
        Response page = given().queryParam("after", cursor).queryParam("limit", 20).get("/absence-groups/changes");
        if (page.statusCode() == 410) {
            relists.incrementAndGet();
            relist();
            return true;
        }
        if (page.statusCode() != 200) {
            throw new AssertionError("the feed answered " + page.statusCode() + ": " + page.asString());
        }
        JsonNode body = read(page.asString());
        for (JsonNode item : body.get("value")) {
            JsonNode data = item.get("data");
            if ("Delete".equals(item.get("changeType").asText())) {
                copy.remove(data.get("id").asLong());
            } else {
                copy.put(data.get("id").asLong(), data);
            }
        }
        cursor = body.get("cursor").asText();
        return body.get("hasMore").asBoolean();
    }

    private synchronized void relist() {
        JsonNode list = read(given().get("/absence-groups").then().statusCode(200).extract().asString());
        copy.clear();
        for (JsonNode group : list.get("value")) {
            copy.put(group.get("id").asLong(), group);
        }
        cursor = list.get("cursor").asText();
    }

    /** Reads the feed up to its end now, and returns the copy in the list's shape (sorted by id). */
    synchronized JsonNode caughtUp() {
        if (failure != null) {
            throw new AssertionError("the follower failed", failure);
        }
        while (poll()) {
            // until a page says there is no more
        }
        ArrayNode groups = mapper.createArrayNode();
        copy.values().forEach(groups::add);
        return groups;
    }

    String stats() {
        return polls.get() + " polls, " + relists.get() + " relists";
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
