package io.absencegroups.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.MalformedChangeVersionException;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * myProtime's JSON shape of an absence group, read and written by hand: no reflection (so the
 * native image needs no registration), one pass over the tokens, and unknown fields kept as
 * their raw JSON text so they are written back exactly.
 */
public final class AbsenceGroupJson {

    private static final JsonFactory RAW = new JsonFactory();

    private AbsenceGroupJson() {
    }

    /** Writes {@code group}, with a {@code displayName} field when it is not null. */
    public static void write(AbsenceGroup group, String displayName, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("id", group.id());
        gen.writeStringField("changeVersion", group.changeVersion().text());
        AbsenceGroup.Name name = group.name();
        if (name != null) {
            gen.writeObjectFieldStart("name");
            if (name.defaultName() != null) {
                gen.writeStringField("default", name.defaultName());
            }
            if (name.translations() != null) {
                gen.writeObjectFieldStart("translations");
                for (Map.Entry<String, String> t : name.translations().entrySet()) {
                    gen.writeStringField(t.getKey(), t.getValue());
                }
                gen.writeEndObject();
            }
            writeRaw(name.otherFields(), gen);
            gen.writeEndObject();
        }
        if (group.type() != null) {
            gen.writeStringField("type", group.type());
        }
        writeRaw(group.otherFields(), gen);
        if (displayName != null) {
            gen.writeStringField("displayName", displayName);
        }
        gen.writeEndObject();
    }

    private static void writeRaw(Map<String, String> fields, JsonGenerator gen) throws IOException {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            gen.writeFieldName(field.getKey());
            gen.writeRawValue(field.getValue());
        }
    }

    /**
     * Reads one group; the parser is on its START_OBJECT. {@code id} (an integer) and
     * {@code changeVersion} (hex string) are required; everything else is optional.
     */
    public static AbsenceGroup read(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "an absence group must be a JSON object");
        }
        Long id = null;
        ChangeVersion version = null;
        AbsenceGroup.Name name = null;
        String type = null;
        Map<String, String> other = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            switch (field) {
                case "id" -> id = readId(p, ctxt, token);
                case "changeVersion" -> version = readChangeVersion(p, ctxt);
                case "name" -> name = token == JsonToken.VALUE_NULL ? null : readName(p, ctxt);
                case "type" -> type = readOptionalString(p, ctxt, token, "type");
                default -> {
                    if (other == null) {
                        other = new LinkedHashMap<>();
                    }
                    other.put(field, raw(p));
                }
            }
        }
        if (id == null) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "an absence group needs an integer 'id'");
        }
        if (version == null) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "absence group " + id + " needs a 'changeVersion'");
        }
        return new AbsenceGroup(id, version, name, type, other);
    }

    private static long readId(JsonParser p, DeserializationContext ctxt, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "'id' must be an integer");
        }
        return p.getLongValue();
    }

    /** Reads a changeVersion string, turning a malformed one into a mapping error with a clear message. */
    public static ChangeVersion readChangeVersion(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return ctxt.reportInputMismatch(ChangeVersion.class, "'changeVersion' must be a string");
        }
        try {
            return ChangeVersion.parse(p.getText());
        } catch (MalformedChangeVersionException e) {
            return ctxt.reportInputMismatch(ChangeVersion.class, e.getMessage());
        }
    }

    private static AbsenceGroup.Name readName(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "'name' must be an object");
        }
        String defaultName = null;
        Map<String, String> translations = null;
        Map<String, String> other = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            if (field.equals("default")) {
                defaultName = readOptionalString(p, ctxt, token, "name.default");
            } else if (field.equals("translations") && token != JsonToken.VALUE_NULL) {
                translations = readTranslations(p, ctxt, token);
            } else {
                if (other == null) {
                    other = new LinkedHashMap<>();
                }
                other.put(field, raw(p));
            }
        }
        return new AbsenceGroup.Name(defaultName, translations, other);
    }

    private static Map<String, String> readTranslations(JsonParser p, DeserializationContext ctxt, JsonToken token)
            throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "'name.translations' must be an object");
        }
        Map<String, String> translations = new LinkedHashMap<>();
        for (String language = p.nextFieldName(); language != null; language = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                return ctxt.reportInputMismatch(AbsenceGroup.class, "translation '" + language + "' must be a string");
            }
            translations.put(language, p.getText());
        }
        return translations;
    }

    private static String readOptionalString(JsonParser p, DeserializationContext ctxt, JsonToken token, String field)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            return ctxt.reportInputMismatch(AbsenceGroup.class, "'" + field + "' must be a string");
        }
        return p.getText();
    }

    /** The current value as compact JSON text; numbers keep their exact text ({@code 2.50} stays {@code 2.50}). */
    private static String raw(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator copy = RAW.createGenerator(out)) {
            int depth = 0;
            do {
                JsonToken token = p.currentToken();
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    copy.writeNumber(p.getText());
                } else {
                    copy.copyCurrentEvent(p);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && p.nextToken() != null);
        }
        return out.toString();
    }

    static final class Serializer extends JsonSerializer<AbsenceGroup> {
        @Override
        public void serialize(AbsenceGroup group, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            write(group, null, gen);
        }

        @Override
        public Class<AbsenceGroup> handledType() {
            return AbsenceGroup.class;
        }
    }

    static final class Deserializer extends JsonDeserializer<AbsenceGroup> {
        @Override
        public AbsenceGroup deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return read(p, ctxt);
        }
    }
}
