package io.absencegroups.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.ChangeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AbsenceGroupJsonTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new GroupJsonModule());

    @Test
    void readsMyProtimesShape() throws Exception {
        AbsenceGroup group = mapper.readValue("""
                {"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek","fr":"Malade"}},"type":"Absence"}""",
                AbsenceGroup.class);
        assertThat(group.id(), equalTo(2L));
        assertThat(group.changeVersion(), equalTo(ChangeVersion.parse("0000090200004BD0000A")));
        assertThat(group.name().defaultName(), equalTo("Sick"));
        assertThat(group.name().translations().get("fr"), equalTo("Malade"));
        assertThat(group.type(), equalTo("Absence"));
    }

    @Test
    void writesBackExactlyWhatWasRead() throws Exception {
        String json = """
                {"id":2,"changeVersion":"0000090200004bd0000A","name":{"default":"Sick","translations":{"nl":"Ziek","fr":"Malade"},"short":"S"},"type":"SomethingNew","colour":"#ff0000","limits":{"days":[1,2.50,null],"hard":true}}""";
        AbsenceGroup group = mapper.readValue(json, AbsenceGroup.class);
        assertThat(mapper.writeValueAsString(group), equalTo(json));
    }

    @Test
    void unknownTypePassesThrough() throws Exception {
        AbsenceGroup group = mapper.readValue("{\"id\":1,\"changeVersion\":\"01\",\"type\":\"Unknown\"}", AbsenceGroup.class);
        assertThat(group.type(), equalTo("Unknown"));
        assertThat(group.name(), nullValue());
    }

    @Test
    void displayNameIsAddedAfterTheGroupFields() throws Exception {
        AbsenceGroup group = mapper.readValue("""
                {"id":2,"changeVersion":"0A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence"}""",
                AbsenceGroup.class);
        assertThat(mapper.writeValueAsString(new LocalizedGroup(group, "nl-BE")), equalTo("""
                {"id":2,"changeVersion":"0A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence","displayName":"Ziek"}"""));
        assertThat(new LocalizedGroup(group, "de").displayName(), equalTo("Sick"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"changeVersion\":\"01\"}|needs an integer 'id'",
            "{\"id\":\"7\",\"changeVersion\":\"01\"}|'id' must be an integer",
            "{\"id\":1.5,\"changeVersion\":\"01\"}|'id' must be an integer",
            "{\"id\":99999999999999999999999,\"changeVersion\":\"01\"}|'id' must be an integer",
            "{\"id\":7}|absence group 7 needs a 'changeVersion'",
            "{\"id\":7,\"changeVersion\":\"XYZ\"}|hexadecimal",
            "{\"id\":7,\"changeVersion\":\"\"}|must not be empty",
            "{\"id\":7,\"changeVersion\":12}|'changeVersion' must be a string",
            "{\"id\":7,\"changeVersion\":\"01\",\"type\":3}|'type' must be a string",
            "{\"id\":7,\"changeVersion\":\"01\",\"name\":\"Sick\"}|'name' must be an object",
            "{\"id\":7,\"changeVersion\":\"01\",\"name\":{\"translations\":{\"nl\":1}}}|translation 'nl' must be a string",
            "[1,2]|must be a JSON object",
    })
    void malformedGroupsAreRefusedWithAClearMessage(String json, String message) {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> mapper.readValue(json, AbsenceGroup.class));
        assertThat(e.getOriginalMessage(), containsString(message));
    }
}
