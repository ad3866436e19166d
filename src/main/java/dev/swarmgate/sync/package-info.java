/**
 * Keeping one proxy replica in step with the rest of its swarm: fetching the service list from Swarm listeners
 * ({@code LISTENER_ADDRESS}: DFSL's {@code get-services} pull, or Swarmgate's feed), asking them to resend
 * ({@code reload?fromListener=true}), fanning {@code distribute=true} admin requests out to every replica of the
 * proxy service, and copying the peers' certificates when a replica starts. Uses the store and the DFP parser; knows nothing of Netty or the data plane.
 */
package dev.swarmgate.sync;
