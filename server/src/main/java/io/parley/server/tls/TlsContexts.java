package io.parley.server.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's TLS settings: TLS 1.2 and 1.3 only, OpenSSL (BoringSSL) where it loads, else the JDK's. */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** A server context from PEM files: a certificate (chain) and its unencrypted PKCS#8 key. */
    public static SslContext server(Path certificate, Path key) throws SSLException {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        SslContext context = SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .build();
        if (provider == SslProvider.OPENSSL) {
            log.info("TLS engine: {} (netty-tcnative)", OpenSsl.versionString());
        } else {
            log.info("TLS engine: JDK (OpenSSL unavailable: {})", String.valueOf(OpenSsl.unavailabilityCause()));
        }
        return context;
    }
}
