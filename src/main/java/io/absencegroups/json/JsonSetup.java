package io.absencegroups.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The one mapper configuration: every part (API, receiver, upstream client) reads and writes through it. */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new GroupJsonModule());
    }
}
