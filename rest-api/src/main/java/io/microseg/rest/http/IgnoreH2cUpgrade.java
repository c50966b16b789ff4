package io.microseg.rest.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Answers {@code Upgrade: h2c} requests as plain HTTP/1.1. Java's HttpClient asks for h2c by default; Grizzly without
 * its HTTP/2 filters then stops delimiting the request body and the read times out (glassfish-grizzly#1972,
 * jersey#6059). This filter, right after the HTTP server filter, drops the upgrade so the body is read as usual.
 */
public final class IgnoreH2cUpgrade extends BaseFilter implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int http = builder.indexOfType(HttpServerFilter.class);
        if (http >= 0) {
            builder.add(http + 1, this);
        }
    }

    @Override
    public NextAction handleEvent(FilterChainContext context, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            if ("h2c".equalsIgnoreCase(header.getUpgrade())) {
                header.getUpgradeDC().recycle();
                header.setIgnoreContentModifiers(false);
                return context.getStopAction();
            }
        }
        return context.getInvokeAction();
    }
}
