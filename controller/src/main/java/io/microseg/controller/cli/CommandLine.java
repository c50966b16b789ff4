package io.microseg.controller.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words after the command: positional arguments, options with a value (repeatable: {@code -f a -f b}) and
 * flags. Options may come anywhere, as {@code -o json}, {@code -o=json}, {@code -ojson} or {@code --output=json};
 * {@code --} ends them; a lone {@code -} is a word (stdin for {@code -f}).
 */
record CommandLine(List<String> positionals, Map<String, List<String>> options, Set<String> flags) {

    /**
     * Which spellings a command accepts, each mapped to its canonical name ({@code -o} and {@code --output} to
     * {@code output}).
     */
    record Spec(Map<String, String> valued, Map<String, String> flags) {

        /** The options every command takes. */
        static final Spec GLOBAL = new Spec(
                Map.of("--server", "server", "--token", "token", "--data-dir", "data-dir"),
                Map.of("-h", "help", "--help", "help"));

        Spec {
            valued = Map.copyOf(valued);
            flags = Map.copyOf(flags);
        }

        Spec plus(Spec other) {
            Map<String, String> v = new LinkedHashMap<>(valued);
            v.putAll(other.valued);
            Map<String, String> f = new LinkedHashMap<>(flags);
            f.putAll(other.flags);
            return new Spec(v, f);
        }
    }

    CommandLine {
        positionals = List.copyOf(positionals);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        options.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        options = Map.copyOf(copy);
        flags = Set.copyOf(flags);
    }

    static CommandLine parse(List<String> args, Spec spec) {
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            String spelled = arg;
            String attached = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                spelled = arg.substring(0, equals);
                attached = arg.substring(equals + 1);
            } else if (!arg.startsWith("--") && arg.length() > 2 && spec.valued().containsKey(arg.substring(0, 2))) {
                spelled = arg.substring(0, 2);
                attached = arg.substring(2);
            }
            if (spec.flags().containsKey(spelled)) {
                if (attached != null) {
                    throw new UsageException("option " + spelled + " takes no value");
                }
                flags.add(spec.flags().get(spelled));
            } else if (spec.valued().containsKey(spelled)) {
                String value = attached;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + spelled + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.computeIfAbsent(spec.valued().get(spelled), name -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + spelled);
            }
        }
        return new CommandLine(positionals, options, flags);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    List<String> values(String option) {
        return options.getOrDefault(option, List.of());
    }

    /** The option's value; given twice is a usage error. */
    Optional<String> value(String option) {
        List<String> values = values(option);
        if (values.size() > 1) {
            throw new UsageException("option " + option + " given more than once");
        }
        return values.stream().findFirst();
    }

    /** Checks the number of positional arguments, naming them in the message. */
    void expectPositionals(int min, int max, String what) {
        if (positionals.size() < min) {
            throw new UsageException("missing " + what);
        }
        if (positionals.size() > max) {
            throw new UsageException("unexpected argument '" + positionals.get(max) + "' (expected " + what + ")");
        }
    }
}
