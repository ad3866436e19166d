package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Compression;
import dev.swarmgate.config.InvalidServiceException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code compressionAlgo} and {@code compressionType} (service-level): HAProxy's {@code compression algo} and
 * {@code compression type} values, space-separated as DFP passes them through, or separated by {@code SEPARATOR}.
 * DFP put them in the service's frontend, so they leaked onto every service of that frontend; here they apply to the
 * service's own destinations only. {@code identity} asks for no compression; {@code compressionType} without an
 * algorithm does nothing, as in HAProxy.
 */
final class CompressionParameters implements RuleTranslator {

    static final String ALGO = "compressionAlgo";
    static final String TYPE = "compressionType";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** RFC 9110 token characters. */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
    private static final Pattern MEDIA_RANGE = Pattern.compile(TOKEN + "/(" + TOKEN + ")?");
    private static final String IDENTITY = "identity";

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        Optional<String> algorithms = context.view().service(ALGO);
        if (algorithms.isEmpty()) {
            return;
        }
        List<Compression.Coding> codings = codings(context, algorithms.get());
        List<String> types = types(context);
        if (!codings.isEmpty()) {
            into.add(new Compression(codings, types));
        }
    }

    private static List<Compression.Coding> codings(RuleContext context, String value) throws InvalidServiceException {
        List<Compression.Coding> codings = new ArrayList<>();
        for (String name : items(context, value)) {
            if (name.equalsIgnoreCase(IDENTITY)) {
                continue;
            }
            Optional<Compression.Coding> coding = Compression.Coding.named(name);
            if (coding.isEmpty()) {
                throw context.problem().badRequest(ALGO + "=" + value + ": " + name + " is not a compression"
                        + " algorithm; use " + Arrays.stream(Compression.Coding.values())
                        .map(Compression.Coding::algorithm).collect(Collectors.joining(", "))
                        + " or identity (off), several separated by spaces or '" + context.settings().separator()
                        + "'");
            }
            if (!codings.contains(coding.get())) {
                codings.add(coding.get());
            }
        }
        return codings;
    }

    private static List<String> types(RuleContext context) throws InvalidServiceException {
        Optional<String> given = context.view().service(TYPE);
        if (given.isEmpty()) {
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (String item : items(context, given.get())) {
            String type = item.toLowerCase(Locale.ROOT);
            if (!MEDIA_RANGE.matcher(type).matches()) {
                throw context.problem().badRequest(TYPE + "=" + given.get() + ": " + item + " is not a MIME type;"
                        + " write type/subtype (text/html), type/* (text/*) or type/ (every text/ type), several"
                        + " separated by spaces or '" + context.settings().separator() + "'");
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    /** HAProxy's space-separated form and DFP's {@code SEPARATOR} lists both work. */
    private static List<String> items(RuleContext context, String value) {
        List<String> items = new ArrayList<>();
        for (String part : SeparatedValues.split(value, context.settings().separator())) {
            for (String item : WHITESPACE.split(part)) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }
}
