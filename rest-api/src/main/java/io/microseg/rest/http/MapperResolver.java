package io.microseg.rest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.microseg.rest.dto.Json;
import jakarta.ws.rs.ext.ContextResolver;

/** Makes Jersey's Jackson provider write answers with the API's mapper (nulls left out, ISO dates). */
public final class MapperResolver implements ContextResolver<ObjectMapper> {

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return Json.json();
    }
}
