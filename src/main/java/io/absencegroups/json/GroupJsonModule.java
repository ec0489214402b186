package io.absencegroups.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.ChangeVersion;

import java.io.IOException;

/** The domain types in myProtime's JSON shape. Registered once on the application's ObjectMapper. */
public final class GroupJsonModule extends SimpleModule {

    public GroupJsonModule() {
        super("absence-groups");
        addSerializer(AbsenceGroup.class, new AbsenceGroupJson.Serializer());
        addDeserializer(AbsenceGroup.class, new AbsenceGroupJson.Deserializer());
        addSerializer(ChangeVersion.class, new JsonSerializer<>() {
            @Override
            public void serialize(ChangeVersion value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.text());
            }
        });
        addDeserializer(ChangeVersion.class, new JsonDeserializer<>() {
            @Override
            public ChangeVersion deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return AbsenceGroupJson.readChangeVersion(p, ctxt);
            }
        });
        addSerializer(LocalizedGroup.class, new JsonSerializer<>() {
            @Override
            public void serialize(LocalizedGroup value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                AbsenceGroupJson.write(value.group(), value.displayName(), gen);
            }
        });
    }
}
