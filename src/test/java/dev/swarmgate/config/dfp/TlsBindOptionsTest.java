package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsBindOptionsTest {

    @Test
    void wordsForVersionsNeverOfferedChangeNothing() {
        assertThat(TlsBindOptions.parse("no-sslv3 no-tlsv10 no-tlsv11 ssl-min-ver TLSv1.0"))
                .isEqualTo(new TlsBindOptions(java.util.List.of("TLSv1.2", "TLSv1.3"), true));
    }

    @Test
    void versionsCanBeNarrowed() {
        assertThat(TlsBindOptions.parse("no-tlsv13").protocols()).containsExactly("TLSv1.2");
        assertThat(TlsBindOptions.parse("ssl-max-ver TLSv1.2").protocols()).containsExactly("TLSv1.2");
        assertThat(TlsBindOptions.parse("force-tlsv13").protocols()).containsExactly("TLSv1.3");
        assertThat(TlsBindOptions.parse("ssl-min-ver TLSv1.3").protocols()).containsExactly("TLSv1.3");
        assertThat(TlsBindOptions.parse("no-tls-tickets").tickets()).isFalse();
    }

    @Test
    void askingForOldVersionsOrNoneIsRefused() {
        assertThatThrownBy(() -> TlsBindOptions.parse("force-tlsv10")).hasMessageContaining("never offers");
        assertThatThrownBy(() -> TlsBindOptions.parse("ssl-max-ver TLSv1.1")).hasMessageContaining("never offers");
        assertThatThrownBy(() -> TlsBindOptions.parse("no-tlsv12 no-tlsv13")).hasMessageContaining("no TLS version");
        assertThatThrownBy(() -> TlsBindOptions.parse("ssl-min-ver")).hasMessageContaining("needs a version");
        assertThatThrownBy(() -> TlsBindOptions.parse("ssl-min-ver TLSv2")).hasMessageContaining("unknown version");
    }
}
