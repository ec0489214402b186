package io.absencegroups.receiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.json.GroupJsonModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryParserTest {

    private static final String SICK = """
            {"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek","fr":"Malade"}},"type":"Absence"}""";
    private static final String HOLIDAY = """
            {"id":3,"changeVersion":"0000090200004BD0000B","name":{"default":"Holiday"},"type":"Absence"}""";

    private final DeliveryParser parser = new DeliveryParser(new ObjectMapper().registerModule(new GroupJsonModule()));

    private List<Change> parse(String body) throws MalformedDeliveryException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length);
    }

    private String refusal(String body) {
        return assertThrows(MalformedDeliveryException.class, () -> parse(body)).getMessage();
    }

    private static ChangeVersion v(String text) {
        return ChangeVersion.parse(text);
    }

    @Test
    void oneItemIsOneChange() throws Exception {
        List<Change> changes = parse("{\"changeType\":\"InsertOrUpdate\",\"data\":" + SICK + "}");

        assertEquals(1, changes.size());
        AbsenceGroup group = assertInstanceOf(Change.InsertOrUpdate.class, changes.get(0)).group();
        assertEquals(2, group.id());
        assertEquals(v("0000090200004BD0000A"), group.changeVersion());
        assertEquals("Sick", group.name().defaultName());
        assertEquals(Map.of("nl", "Ziek", "fr", "Malade"), group.name().translations());
        assertEquals("Absence", group.type());
    }

    @Test
    void theChangeTypeMayComeAfterTheData() throws Exception {
        List<Change> changes = parse("{\"data\":" + SICK + ",\"changeType\":\"Delete\"}");

        assertEquals(List.of(new Change.Delete(2, v("0000090200004BD0000A"))), changes);
    }

    @Test
    void aDeleteNeedsOnlyIdAndChangeVersion() throws Exception {
        List<Change> changes = parse("{\"changeType\":\"Delete\",\"data\":{\"id\":7,\"changeVersion\":\"0000090200004BD0000C\"}}");

        assertEquals(List.of(new Change.Delete(7, v("0000090200004BD0000C"))), changes);
    }

    @Test
    void anArrayOfItemsIsReadInOrder() throws Exception {
        List<Change> changes = parse("[{\"changeType\":\"InsertOrUpdate\",\"data\":" + SICK + "},"
                + "{\"changeType\":\"Delete\",\"data\":{\"id\":3,\"changeVersion\":\"0000090200004BD0000B\"}}]");

        assertEquals(2, changes.size());
        assertEquals(2, changes.get(0).id());
        assertEquals(new Change.Delete(3, v("0000090200004BD0000B")), changes.get(1));
    }

    @Test
    void aValueListIsReadAndItsOtherFieldsAreIgnored() throws Exception {
        List<Change> changes = parse("{\"nextLink\":null,\"value\":[{\"changeType\":\"InsertOrUpdate\",\"data\":" + SICK
                + "},{\"changeType\":\"InsertOrUpdate\",\"data\":" + HOLIDAY + "}],\"@odata.count\":2}");

        assertEquals(List.of(2L, 3L), changes.stream().map(Change::id).toList());
    }

    @Test
    void aBareGroupIsAnInsertOrUpdate() throws Exception {
        List<Change> changes = parse(SICK);

        AbsenceGroup group = assertInstanceOf(Change.InsertOrUpdate.class, changes.get(0)).group();
        assertEquals(2, group.id());
        assertEquals("Sick", group.name().defaultName());
    }

    @Test
    void bareGroupsMayBeListItemsWithFieldsInAnyOrder() throws Exception {
        List<Change> changes = parse("[{\"type\":\"Absence\",\"changeVersion\":\"0A\",\"id\":5},"
                + "{\"changeType\":\"InsertOrUpdate\",\"data\":" + HOLIDAY + "}]");

        assertEquals(List.of(5L, 3L), changes.stream().map(Change::id).toList());
        assertEquals(v("A"), changes.get(0).changeVersion());
    }

    @Test
    void aBareGroupInsideALargerBufferIsReadFromItsOwnBytes() throws Exception {
        byte[] framed = ("garbage" + SICK + "trailing").getBytes(StandardCharsets.UTF_8);

        List<Change> changes = parser.parse(framed, 7, SICK.length());

        assertEquals(2, changes.get(0).id());
    }

    @Test
    void unknownFieldsAndTypesPassThrough() throws Exception {
        List<Change> changes = parse("{\"changeType\":\"InsertOrUpdate\",\"deliveredAt\":\"2025-03-01\",\"data\":"
                + "{\"id\":9,\"changeVersion\":\"0F\",\"name\":{\"default\":\"Remote\",\"short\":\"RM\"},"
                + "\"type\":\"HybridWork\",\"colour\":{\"hex\":\"#00ff00\"}}}");

        AbsenceGroup group = ((Change.InsertOrUpdate) changes.get(0)).group();
        assertEquals("HybridWork", group.type());
        assertEquals(Map.of("colour", "{\"hex\":\"#00ff00\"}"), group.otherFields());
        assertEquals(Map.of("short", "\"RM\""), group.name().otherFields());
    }

    @Test
    void theChangeTypeIsMatchedWithoutRegardToCase() throws Exception {
        assertInstanceOf(Change.Delete.class,
                parse("{\"changeType\":\"delete\",\"data\":{\"id\":7,\"changeVersion\":\"0C\"}}").get(0));
    }

    @Test
    void anEmptyListIsNoChange() throws Exception {
        assertEquals(List.of(), parse("[]"));
        assertEquals(List.of(), parse("{\"value\":[]}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "unknown changeType | {\"changeType\":\"Upsert\",\"data\":{\"id\":1,\"changeVersion\":\"0A\"}} | 'changeType' must be InsertOrUpdate or Delete, got 'Upsert'",
            "changeType not a string | {\"changeType\":1,\"data\":{\"id\":1,\"changeVersion\":\"0A\"}} | 'changeType' must be a string",
            "no changeType | {\"data\":{\"id\":1,\"changeVersion\":\"0A\"}} | an item needs a 'changeType'",
            "no data | {\"changeType\":\"Delete\"} | an item needs a 'data' object",
            "null data | {\"changeType\":\"Delete\",\"data\":null} | an item needs a 'data' object",
            "data not an object | {\"changeType\":\"Delete\",\"data\":[1]} | an absence group must be a JSON object",
            "no id | {\"changeType\":\"InsertOrUpdate\",\"data\":{\"changeVersion\":\"0A\"}} | an absence group needs an integer 'id'",
            "id not an integer | {\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":\"x\",\"changeVersion\":\"0A\"}} | 'id' must be an integer",
            "no changeVersion | {\"changeType\":\"Delete\",\"data\":{\"id\":1}} | absence group 1 needs a 'changeVersion'",
            "malformed changeVersion | {\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":1,\"changeVersion\":\"XYZ\"}} | changeVersion must contain only hexadecimal characters",
            "bare group without id | {\"changeVersion\":\"0A\",\"name\":{\"default\":\"x\"}} | an absence group needs an integer 'id'",
            "item and list at once | {\"changeType\":\"Delete\",\"data\":{\"id\":1,\"changeVersion\":\"0A\"},\"value\":[]} | either an item (changeType, data) or a list (value)",
            "a number | 42 | a delivery is a JSON object or an array of items",
            "a string | `\"hello\"` | a delivery is a JSON object or an array of items",
            "nested list | [[{\"id\":1,\"changeVersion\":\"0A\"}]] | item 1: an item must be a JSON object",
            "not JSON | changeType=Delete | Unrecognized token",
            "truncated | {\"changeType\":\"Delete\",\"data\":{\"id\":1 | Unexpected end-of-input",
            "two values | {\"id\":1,\"changeVersion\":\"0A\"} {\"id\":2,\"changeVersion\":\"0B\"} | more than one JSON value",
            "only whitespace | `  ` | the body holds no JSON value"
    })
    void badInputIsRefusedWithAReason(String name, String body, String reason) {
        String message = refusal(body);
        assertTrue(message.contains(reason), message);
    }

    @Test
    void anErrorInAListNamesTheItem() {
        String message = refusal("[{\"changeType\":\"InsertOrUpdate\",\"data\":" + SICK + "},"
                + "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":4,\"changeVersion\":\"not hex\"}}]");

        assertTrue(message.startsWith("item 2: "), message);
    }

    @Test
    void aLongUnknownChangeTypeIsNotEchoedWhole() {
        String message = refusal("{\"changeType\":\"" + "X".repeat(5_000) + "\",\"data\":{\"id\":1,\"changeVersion\":\"0A\"}}");

        assertTrue(message.length() < 200, message);
    }
}
