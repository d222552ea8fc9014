package io.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebOriginsTest {
    private final WebOrigins own = WebOrigins.sameOriginOnly();

    @Test
    void thePagesOwnOriginIsItsHostAndPort() {
        assertThat(own.allows("http://127.0.0.1:9080", "127.0.0.1:9080")).isTrue();
        assertThat(own.allows("http://chat.example.org", "chat.example.org")).isTrue();
        assertThat(own.allows("http://chat.example.org", "chat.example.org:80")).isTrue();
        assertThat(own.allows("https://chat.example.org", "chat.example.org")).isTrue(); // behind a TLS proxy
        assertThat(own.allows("https://Chat.Example.ORG:443", "chat.example.org")).isTrue();
        assertThat(own.allows("http://[::1]:9080", "[::1]:9080")).isTrue();
    }

    @Test
    void everyOtherPageIsRefused() {
        assertThat(own.allows("http://127.0.0.1:9081", "127.0.0.1:9080")).isFalse();
        assertThat(own.allows("http://evil.example", "chat.example.org")).isFalse();
        assertThat(own.allows("http://chat.example.org.evil.example", "chat.example.org")).isFalse();
        assertThat(own.allows("https://chat.example.org", "chat.example.org:80")).isFalse();
        assertThat(own.allows("null", "chat.example.org")).isFalse();
        assertThat(own.allows("file://", "chat.example.org")).isFalse();
        assertThat(own.allows("http://chat.example.org", null)).isFalse();
        assertThat(own.allows("http://chat.example.org", "")).isFalse();
        assertThat(own.allows("not an origin at all", "chat.example.org")).isFalse();
    }

    @Test
    void aClientWithoutOriginIsNoBrowserPage() {
        assertThat(own.allows(null, "chat.example.org")).isTrue();
    }

    @Test
    void listedOriginsAndAnyOrigin() {
        WebOrigins listed = WebOrigins.parse(" https://chat.example.org , http://localhost:3000");
        assertThat(listed.allows("https://chat.example.org", "10.0.0.5:9080")).isTrue();
        assertThat(listed.allows("https://chat.example.org:443", "10.0.0.5:9080")).isTrue();
        assertThat(listed.allows("http://localhost:3000", "10.0.0.5:9080")).isTrue();
        assertThat(listed.allows("http://localhost:3001", "10.0.0.5:9080")).isFalse();
        assertThat(listed.allows("http://10.0.0.5:9080", "10.0.0.5:9080")).isTrue(); // still its own
        assertThat(WebOrigins.parse("*").allows("http://anything.example", "chat.example.org")).isTrue();
        assertThat(WebOrigins.parse("").allows("http://evil.example", "chat.example.org")).isFalse();
    }

    @Test
    void badListsAreRefusedNamingTheEntry() {
        for (String bad : new String[] {"chat.example.org", "ftp://chat.example.org", "https://chat.example.org/path",
                "https://user@chat.example.org", "https://"}) {
            assertThatThrownBy(() -> WebOrigins.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an origin: '" + bad + "'");
        }
    }
}
