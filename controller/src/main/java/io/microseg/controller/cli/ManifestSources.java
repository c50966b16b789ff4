package io.microseg.controller.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The texts behind {@code -f}: a file, every {@code *.yaml}, {@code *.yml} and {@code *.json} of a directory
 * (sorted), or stdin for {@code -}.
 */
final class ManifestSources {

    private ManifestSources() {
    }

    static List<ManifestReader.Source> read(List<String> files, Console console) {
        List<ManifestReader.Source> sources = new ArrayList<>();
        boolean stdinRead = false;
        for (String file : files) {
            if (file.equals("-")) {
                if (stdinRead) {
                    throw new UsageException("-f - (stdin) given more than once");
                }
                stdinRead = true;
                try {
                    sources.add(new ManifestReader.Source("<stdin>",
                            new String(console.in().readAllBytes(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UsageException("cannot read stdin: " + e.getMessage());
                }
                continue;
            }
            Path path = console.resolve(file);
            if (Files.isDirectory(path)) {
                List<Path> manifests = manifestsIn(path);
                if (manifests.isEmpty()) {
                    throw new UsageException("no *.yaml, *.yml or *.json files in " + file);
                }
                manifests.forEach(manifest -> sources.add(readFile(manifest, manifest.toString())));
            } else {
                sources.add(readFile(path, file));
            }
        }
        return sources;
    }

    private static List<Path> manifestsIn(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).filter(path -> {
                String name = path.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + directory + ": " + e.getMessage());
        }
    }

    private static ManifestReader.Source readFile(Path path, String name) {
        if (!Files.exists(path)) {
            throw new UsageException("no such file: " + name);
        }
        try {
            return new ManifestReader.Source(name, Files.readString(path));
        } catch (IOException e) {
            throw new UsageException("cannot read " + name + ": " + e.getMessage());
        }
    }
}
