package io.absencegroups.receiver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.Change;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a delivery into changes, tolerantly, because myProtime does not publish whether a POST can
 * carry several items. Accepted shapes:
 * <ul>
 *     <li>one item: {@code {"changeType":"InsertOrUpdate"|"Delete","data":{…group…}}};</li>
 *     <li>a JSON array of items;</li>
 *     <li>{@code {"value":[items]}}, the shape of a delta page (other fields such as {@code nextLink} are ignored);</li>
 *     <li>a bare group object, taken as {@code InsertOrUpdate}; also allowed as an element of the lists above.</li>
 * </ul>
 * A {@code Delete}'s data may hold only {@code id} and {@code changeVersion}. Unknown fields of an
 * item are ignored; unknown fields of a group and unknown {@code type} values are kept.
 * <p>
 * The whole body is read before anything is applied, so a delivery is applied all or nothing.
 * The common shape, one item, is read in one streaming pass over the bytes; only a bare group is
 * read twice (once to see it has no {@code changeType}/{@code data}, once as a group).
 */
public final class DeliveryParser {

    private static final int MAX_ECHO = 40;

    private final JsonFactory json;
    private final ObjectReader groups;

    /** @param mapper the application's mapper, which knows myProtime's group shape */
    public DeliveryParser(ObjectMapper mapper) {
        this.json = mapper.getFactory();
        this.groups = mapper.readerFor(AbsenceGroup.class);
    }

    /**
     * The changes in {@code length} bytes of {@code body} from {@code offset}, in delivery order.
     *
     * @throws MalformedDeliveryException when the body is not valid JSON, not an accepted shape, or
     *                                    an item lacks an id or changeVersion or has an unknown changeType
     */
    public List<Change> parse(byte[] body, int offset, int length) throws MalformedDeliveryException {
        Reading reading = new Reading(body, offset, length);
        try (JsonParser p = json.createParser(body, offset, length)) {
            JsonToken root = p.nextToken();
            if (root == null) {
                throw new MalformedDeliveryException("the body holds no JSON value");
            }
            if (root == JsonToken.START_ARRAY) {
                items(p, reading);
            } else if (root == JsonToken.START_OBJECT) {
                object(p, reading, true);
            } else {
                throw new MalformedDeliveryException("a delivery is a JSON object or an array of items");
            }
            if (p.nextToken() != null) {
                throw new MalformedDeliveryException("the body holds more than one JSON value");
            }
            return reading.changes;
        } catch (JsonProcessingException e) {
            // Jackson's own message without its "Source: …" location suffix: names the problem, safe to show
            throw new MalformedDeliveryException(reading.where() + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedDeliveryException("the body could not be read as JSON");
        }
    }

    private void items(JsonParser p, Reading reading) throws IOException, MalformedDeliveryException {
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            reading.item++;
            if (token != JsonToken.START_OBJECT) {
                throw reading.malformed("an item must be a JSON object");
            }
            object(p, reading, false);
        }
        reading.item = 0;
    }

    /** An item, a {@code {"value":[…]}} list (only at the top), or a bare group; the parser is on its START_OBJECT. */
    private void object(JsonParser p, Reading reading, boolean top) throws IOException, MalformedDeliveryException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        String changeType = null;
        boolean sawChangeType = false;
        AbsenceGroup data = null;
        boolean sawData = false;
        boolean list = false;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "changeType" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw reading.malformed("'changeType' must be a string: InsertOrUpdate or Delete");
                    }
                    sawChangeType = true;
                    changeType = p.getText();
                }
                case "data" -> {
                    sawData = true;
                    data = value == JsonToken.VALUE_NULL ? null : groups.readValue(p);
                }
                case "value" -> {
                    if (top && value == JsonToken.START_ARRAY) {
                        list = true;
                        items(p, reading);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (sawChangeType || sawData) {
            if (list) {
                throw reading.malformed("an object is either an item (changeType, data) or a list (value), not both");
            }
            if (!sawChangeType) {
                throw reading.malformed("an item needs a 'changeType': InsertOrUpdate or Delete");
            }
            if (data == null) {
                throw reading.malformed("an item needs a 'data' object with the group's id and changeVersion");
            }
            reading.changes.add(change(changeType, data, reading));
        } else if (!list) {
            reading.changes.add(new Change.InsertOrUpdate(bareGroup(reading, start)));
        }
    }

    private static Change change(String changeType, AbsenceGroup data, Reading reading) throws MalformedDeliveryException {
        if (changeType.equalsIgnoreCase("InsertOrUpdate")) {
            return new Change.InsertOrUpdate(data);
        }
        if (changeType.equalsIgnoreCase("Delete")) {
            return new Change.Delete(data.id(), data.changeVersion());
        }
        String shown = changeType.length() > MAX_ECHO ? changeType.substring(0, MAX_ECHO) + "…" : changeType;
        throw reading.malformed("'changeType' must be InsertOrUpdate or Delete, got '" + shown + "'");
    }

    /** Reads the group again from its first byte, now that it is known to be one. */
    private AbsenceGroup bareGroup(Reading reading, int start) throws IOException {
        try (JsonParser group = json.createParser(reading.body, reading.offset + start, reading.length - start)) {
            group.nextToken();
            return groups.readValue(group);
        }
    }

    /** The state of one parse: the input, the changes so far, and which list item is being read. */
    private static final class Reading {
        final byte[] body;
        final int offset;
        final int length;
        final List<Change> changes = new ArrayList<>(2);
        /** 1-based position in a list, 0 outside one. */
        int item;

        Reading(byte[] body, int offset, int length) {
            this.body = body;
            this.offset = offset;
            this.length = length;
        }

        String where() {
            return item > 0 ? "item " + item + ": " : "";
        }

        MalformedDeliveryException malformed(String message) {
            return new MalformedDeliveryException(where() + message);
        }
    }
}
