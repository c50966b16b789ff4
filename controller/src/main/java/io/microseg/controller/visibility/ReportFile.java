package io.microseg.controller.visibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An append-only JSON-lines file that cannot fill the disk: rotated (logrotate style: {@code reports.jsonl} becomes
 * {@code reports.jsonl.1}, {@code .1} becomes {@code .2}, ...) before a line would take it past
 * {@link Limits#maxFileBytes} or once its first line is older than {@link Limits#maxFileAge}, keeping at most
 * {@link Limits#keepFiles} rotated files (the oldest is deleted). So the files never hold more than
 * {@code (keepFiles + 1) x maxFileBytes} (plus one line, were a single line larger than the limit).
 *
 * <p>Time comes from the clock given (a test passes a fake one). Used by one thread at a time.
 */
final class ReportFile implements Closeable {

    /**
     * @param maxFileBytes rotate before the current file would exceed this
     * @param maxFileAge rotate once the current file's first line is this old
     * @param keepFiles rotated files kept besides the current one
     */
    record Limits(long maxFileBytes, Duration maxFileAge, int keepFiles) {
        Limits {
            if (maxFileBytes < 1 || maxFileAge.isNegative() || maxFileAge.isZero() || keepFiles < 1) {
                throw new IllegalArgumentException("report file limits must be positive: " + maxFileBytes + " bytes, "
                        + maxFileAge + ", " + keepFiles + " files");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NEWLINE = {'\n'};

    private final Path file;
    private final Limits limits;
    private final Clock clock;
    private OutputStream out;
    private long size;
    /** When the current file's first line was written; null while it is empty. */
    private Instant startedAt;

    ReportFile(Path file, Limits limits, Clock clock) {
        this.file = file;
        this.limits = limits;
        this.clock = clock;
    }

    Path path() {
        return file;
    }

    /** The n-th rotated file ({@code reports.jsonl.n}, 1 the newest). */
    Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** Appends one line (without its newline), rotating first if the limits say so. */
    void append(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            open();
        }
        Instant now = clock.instant();
        boolean full = size > 0 && size + bytes.length + 1 > limits.maxFileBytes();
        boolean old = startedAt != null && Duration.between(startedAt, now).compareTo(limits.maxFileAge()) >= 0;
        if (full || old) {
            rotate();
        }
        if (size == 0) {
            startedAt = now;
        }
        out.write(bytes);
        out.write(NEWLINE);
        out.flush();
        size += bytes.length + 1;
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        deleteBeyondKept();
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
        startedAt = size == 0 ? null : firstLineTime();
    }

    /** The current file aside as {@code .1} (the others one further, the oldest beyond the limit deleted). */
    private void rotate() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(rotated(limits.keepFiles()));
        for (int n = limits.keepFiles() - 1; n >= 1; n--) {
            try {
                Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                // a gap (fewer files so far): nothing to move
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = 0;
        startedAt = null;
    }

    /** Rotated files a larger {@code keepFiles} of an earlier run left: deleted, so the bound holds from the start. */
    private void deleteBeyondKept() throws IOException {
        for (int n = limits.keepFiles() + 1; Files.exists(rotated(n)); n++) {
            Files.delete(rotated(n));
        }
    }

    /** When the existing file's first line was written (its "at"), else the file's modification time. */
    private Instant firstLineTime() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first != null) {
                JsonNode at = JSON.readTree(first).get("at");
                if (at != null && at.isTextual()) {
                    return Instant.parse(at.asText());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not ours, or cut short: fall back to the file's own time
        }
        return Files.getLastModifiedTime(file).toInstant();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
