package dev.swarmgate.routing.rules;

import dev.swarmgate.config.Compression.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.swarmgate.config.Compression.Coding.DEFLATE;
import static dev.swarmgate.config.Compression.Coding.GZIP;
import static dev.swarmgate.config.Compression.Coding.RAW_DEFLATE;
import static org.assertj.core.api.Assertions.assertThat;

class AcceptEncodingTest {

    private static final Coding[] GZIP_THEN_DEFLATE = {GZIP, DEFLATE};
    private static final Coding[] DEFLATE_THEN_GZIP = {DEFLATE, GZIP};

    @Test
    void noHeaderAcceptsNoCoding() {
        assertThat(AcceptEncoding.preferred(null, GZIP_THEN_DEFLATE)).isNull();
        assertThat(AcceptEncoding.preferred("", GZIP_THEN_DEFLATE)).isNull();
    }

    @Test
    void aBrowserHeaderGetsTheRoutesFirstChoice() {
        assertThat(AcceptEncoding.preferred("gzip, deflate, br, zstd", GZIP_THEN_DEFLATE)).isEqualTo(GZIP);
        assertThat(AcceptEncoding.preferred("gzip, deflate, br, zstd", DEFLATE_THEN_GZIP)).isEqualTo(DEFLATE);
    }

    @Test
    void theHigherQValueWinsOverTheRoutesOrder() {
        assertThat(AcceptEncoding.preferred("gzip;q=0.5, deflate", GZIP_THEN_DEFLATE)).isEqualTo(DEFLATE);
        assertThat(AcceptEncoding.preferred("gzip ; q=0.8 , deflate;q=0.79", DEFLATE_THEN_GZIP)).isEqualTo(GZIP);
    }

    @Test
    void qZeroRefusesTheCoding() {
        assertThat(AcceptEncoding.preferred("gzip;q=0", new Coding[] {GZIP})).isNull();
        assertThat(AcceptEncoding.preferred("gzip;q=0.000, deflate", GZIP_THEN_DEFLATE)).isEqualTo(DEFLATE);
    }

    @Test
    void starStandsForCodingsNotNamed() {
        assertThat(AcceptEncoding.preferred("*", GZIP_THEN_DEFLATE)).isEqualTo(GZIP);
        assertThat(AcceptEncoding.preferred("gzip;q=0, *", GZIP_THEN_DEFLATE)).isEqualTo(DEFLATE);
        assertThat(AcceptEncoding.preferred("*;q=0", GZIP_THEN_DEFLATE)).isNull();
        assertThat(AcceptEncoding.preferred("deflate;q=0.1, *;q=0.5", DEFLATE_THEN_GZIP)).isEqualTo(GZIP);
    }

    @Test
    void identityOrUnknownCodingsAcceptNothingOffered() {
        assertThat(AcceptEncoding.preferred("identity", GZIP_THEN_DEFLATE)).isNull();
        assertThat(AcceptEncoding.preferred("br, zstd", GZIP_THEN_DEFLATE)).isNull();
        assertThat(AcceptEncoding.preferred("gzipx, xdeflate", GZIP_THEN_DEFLATE)).isNull();
    }

    @Test
    void namesAreCaseInsensitiveAndXGzipIsGzip() {
        assertThat(AcceptEncoding.preferred("GZIP", new Coding[] {GZIP})).isEqualTo(GZIP);
        assertThat(AcceptEncoding.preferred("x-gzip", new Coding[] {GZIP})).isEqualTo(GZIP);
        assertThat(AcceptEncoding.preferred("Deflate;Q=1", new Coding[] {RAW_DEFLATE})).isEqualTo(RAW_DEFLATE);
    }

    @Test
    void otherParametersAreIgnored() {
        assertThat(AcceptEncoding.preferred("gzip;level=9;q=0.5", new Coding[] {GZIP})).isEqualTo(GZIP);
        assertThat(AcceptEncoding.preferred("gzip;level=9;q=0", new Coding[] {GZIP})).isNull();
    }

    @Test
    void emptyElementsAreSkipped() {
        assertThat(AcceptEncoding.preferred(" , ,gzip,", new Coding[] {GZIP})).isEqualTo(GZIP);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1000", "0.5,500", "0.25,250", "0.125,125", "1.0,1000", "1.000,1000", "0.,0",
            "1.5,0", "2,0", "0.1234,0", "-1,0", "abc,0", "0.x,0", "'',0"})
    void qValuesAreReadInThousandths(String text, int expected) {
        assertThat(AcceptEncoding.qValue(text, 0, text.length())).isEqualTo(expected);
    }

    @Test
    void aMalformedQValueRefusesTheCoding() {
        assertThat(AcceptEncoding.preferred("gzip;q=high, deflate;q=0.1", GZIP_THEN_DEFLATE)).isEqualTo(DEFLATE);
        assertThat(AcceptEncoding.preferred("gzip;q", new Coding[] {GZIP})).isNull();
    }
}
