package io.absencegroups.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Random;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChangeVersionTest {

    private static ChangeVersion v(String text) {
        return ChangeVersion.parse(text);
    }

    @Test
    void equalLengthsOrderAsStrings() {
        assertThat(v("0000090200004BD0000A"), lessThan(v("0000090200004BD0000B")));
        assertThat(v("0000090200004BD0000F"), lessThan(v("0000090200004BD00010")));
        assertThat(v("00000903000000000000"), greaterThan(v("0000090200004BD0000A")));
    }

    @Test
    void caseIsIgnored() {
        assertThat(v("00ab"), comparesEqualTo(v("00AB")));
        assertThat(v("00ab"), equalTo(v("00AB")));
        assertThat(v("00ab").hashCode(), equalTo(v("00AB").hashCode()));
        assertThat(v("00ac"), greaterThan(v("00AB")));
    }

    @Test
    void shorterValueCountsAsLeftPaddedWithZeros() {
        assertThat(v("A"), equalTo(v("000A")));
        assertThat(v("100"), greaterThan(v("FF")));
        assertThat(v("0FF"), lessThan(v("100")));
        assertThat(v("0"), equalTo(v("0000")));
    }

    @Test
    void ordersAsTheNumbersTheDigitsSpell() {
        // random values around the 16 digits one comparison step reads, many sharing long prefixes,
        // checked against arbitrary-precision numbers
        Random random = new Random(7);
        String[] prefixes = {"", "0000", "0000090200004BD0", "1234567890ABCDEF", "FFFFFFFFFFFFFFFF"};
        for (int i = 0; i < 20_000; i++) {
            String a = randomVersion(random, prefixes);
            String b = random.nextInt(10) == 0 ? a.toLowerCase(Locale.ROOT) : randomVersion(random, prefixes);
            int expected = Integer.signum(new BigInteger(a, 16).compareTo(new BigInteger(b, 16)));
            assertThat(a + " vs " + b, Integer.signum(v(a).compareTo(v(b))), equalTo(expected));
            assertThat(a + " equals " + b, v(a).equals(v(b)), equalTo(expected == 0));
            if (expected == 0) {
                assertThat(v(a).hashCode(), equalTo(v(b).hashCode()));
            }
        }
    }

    private static String randomVersion(Random random, String[] prefixes) {
        StringBuilder text = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
        int more = random.nextInt(24);
        for (int i = 0; i < more; i++) {
            text.append("0123456789ABCDEFabcdef".charAt(random.nextInt(random.nextInt(4) == 0 ? 2 : 22)));
        }
        return text.length() == 0 ? "0" : text.toString();
    }

    @Test
    void keepsTheTextAsSent() {
        assertThat(v("0000090200004bd0000a").text(), equalTo("0000090200004bd0000a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000090200004BD0000G", "12 34", "-1", "0x10", "ÄB"})
    void nonHexIsRefusedWithAClearMessage(String text) {
        var e = assertThrows(MalformedChangeVersionException.class, () -> ChangeVersion.parse(text));
        assertThat(e.getMessage(), containsString("hexadecimal"));
    }

    @Test
    void emptyAndNullAreRefused() {
        assertThat(assertThrows(MalformedChangeVersionException.class, () -> ChangeVersion.parse("")).getMessage(),
                containsString("must not be empty"));
        assertThat(assertThrows(MalformedChangeVersionException.class, () -> ChangeVersion.parse(null)).getMessage(),
                containsString("must not be empty"));
    }

    @Test
    void overlongValuesAreRefused() {
        String longest = "1".repeat(ChangeVersion.MAX_LENGTH);
        assertThat(ChangeVersion.parse(longest).text().length(), equalTo(ChangeVersion.MAX_LENGTH));
        assertThat(assertThrows(MalformedChangeVersionException.class, () -> ChangeVersion.parse(longest + "1")).getMessage(),
                containsString("at most 64"));
    }
}
