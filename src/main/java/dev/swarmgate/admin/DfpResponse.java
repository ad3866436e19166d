package dev.swarmgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The JSON body of every admin reply, with Docker Flow Proxy's Go field names. {@code Unsupported} appears only when
 * the parser accepted parameters it ignores, one sentence each.
 */
@JsonPropertyOrder({"Status", "Message", "ServiceName", "Unsupported"})
public record DfpResponse(
        @JsonProperty("Status") String status,
        @JsonProperty("Message") String message,
        @JsonProperty("ServiceName") String serviceName,
        @JsonProperty("Unsupported") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unsupported) {

    public DfpResponse {
        unsupported = List.copyOf(unsupported);
    }

    public static DfpResponse ok(String message, String serviceName) {
        return new DfpResponse("OK", message, serviceName, List.of());
    }

    public static DfpResponse nok(String message, String serviceName) {
        return new DfpResponse("NOK", message, serviceName, List.of());
    }
}
