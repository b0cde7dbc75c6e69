package io.drift.server;

import io.drift.DriftEngine;
import io.grpc.ServerServiceDefinition;

/**
 * What a server offers its {@link Frontend} of the node's own engine: the engine, the
 * {@code drift.v1} service over it, and its searches as plain calls.
 */
public record EngineServices(DriftEngine engine, ServerServiceDefinition service, EngineSearch search) {
}
