package io.absencegroups.upstream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of the absence-group listing: {@code {"value":[…], "nextLink":"/connector/…"}}. An empty
 * {@code value} is not the end; only a missing {@code nextLink} is.
 *
 * @param groups   the groups that could be read
 * @param skipped  items that were not a valid absence group; a listing with any is not complete,
 *                 so it must not be used to delete groups
 * @param nextLink the path of the next page, relative to the tenant host; null on the last page
 */
public record GroupPage(List<AbsenceGroup> groups, int skipped, String nextLink) implements NextLinks.Page {

    private static final Logger LOG = Logger.getLogger(GroupPage.class);

    /**
     * Reads a page item by item with the application's mapper (which knows {@link AbsenceGroup}), so
     * one malformed group is skipped and logged instead of failing the page.
     *
     * @throws MalformedUpstreamResponse when the body is not a page at all
     */
    static GroupPage read(ObjectMapper mapper, String body) {
        List<AbsenceGroup> groups = new ArrayList<>();
        int skipped = 0;
        String nextLink = null;
        boolean sawValue = false;
        try (JsonParser p = mapper.createParser(body == null ? "" : body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedUpstreamResponse("a page of absence groups from myProtime is not a JSON object");
            }
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken token = p.nextToken();
                if (field.equals("value") && token == JsonToken.START_ARRAY) {
                    sawValue = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        AbsenceGroup group = readItem(mapper, p);
                        if (group == null) {
                            skipped++;
                        } else {
                            groups.add(group);
                        }
                    }
                } else if (field.equals("nextLink") && token == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
                    nextLink = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new MalformedUpstreamResponse("a page of absence groups from myProtime is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (!sawValue) {
            throw new MalformedUpstreamResponse("a page of absence groups from myProtime has no 'value' array");
        }
        return new GroupPage(List.copyOf(groups), skipped, nextLink);
    }

    private static AbsenceGroup readItem(ObjectMapper mapper, JsonParser p) throws IOException {
        // copy the item out first, so a bad item leaves the page parser on the next one
        StringWriter item = new StringWriter();
        try (JsonGenerator copy = mapper.getFactory().createGenerator(item)) {
            copy.copyCurrentStructure(p);
        }
        try {
            return mapper.readValue(item.toString(), AbsenceGroup.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("skipped an absence group from myProtime that is not valid: %s", e.getOriginalMessage());
            return null;
        }
    }
}
