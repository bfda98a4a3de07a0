package dev.fusenet.runtime.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * {@code cache(file)}: the first complete pass writes every element to {@code file}; later passes, and later runs
 * that find the file, read it back instead of running the stages before the cache. For data that does not fit in
 * the heap once decoded. The elements go to a temporary file beside it that is renamed into place only when the
 * pass is complete, so a stopped pass or a crash never leaves a partial cache that a later run would trust; a file
 * that is not a complete cache is refused with its name. Delete the file when the data it came from changes.
 */
final class FileCache implements Source<Batch> {

    private static final int MAGIC = 0x464E4331; // "FNC1"
    private static final byte ELEMENT = 1;
    private static final byte END = 0;

    private final Source<Batch> input;
    private final Path file;

    FileCache(Source<Batch> input, Path file) {
        this.input = input;
        this.file = file.toAbsolutePath();
    }

    @Override
    public Cursor<Batch> open(long epoch) {
        if (Files.isRegularFile(file)) {
            return new Reader();
        }
        return new Writer(input.open(epoch));
    }

    @Override
    public OptionalLong cardinality() {
        return input.cardinality();
    }

    private final class Writer implements Cursor<Batch> {
        private final Cursor<Batch> upstream;
        private Path temporary;
        private DataOutputStream out;

        Writer(Cursor<Batch> upstream) {
            this.upstream = upstream;
            try {
                Files.createDirectories(file.getParent());
                temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16));
                out.writeInt(MAGIC);
            } catch (IOException e) {
                discard();
                upstream.close();
                throw new DataException("cache: cannot write the cache file beside " + file + ": " + e.getMessage(),
                        e);
            }
        }

        @Override
        public Batch next() {
            Batch element = upstream.next();
            if (out == null) {
                return element;
            }
            try {
                if (element == null) {
                    out.writeByte(END);
                    out.close();
                    out = null;
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    temporary = null;
                } else {
                    out.writeByte(ELEMENT);
                    write(out, element);
                }
            } catch (IOException e) {
                discard();
                throw new DataException("cache: writing " + file + " failed: " + e.getMessage(), e);
            }
            return element;
        }

        @Override
        public void close() {
            discard();
            upstream.close();
        }

        /** Drops an incomplete cache: a later pass builds it anew. */
        private void discard() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // the file is deleted next; its contents no longer matter
            }
            out = null;
            try {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException ignored) {
                // a stray .part file is harmless: no pass ever reads one
            }
            temporary = null;
        }
    }

    private final class Reader implements Cursor<Batch> {
        private DataInputStream in;
        private long index;
        private long fileSize;

        Reader() {
            try {
                fileSize = Files.size(file);
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                if (in.readInt() != MAGIC) {
                    throw notACache("it does not start as one");
                }
            } catch (EOFException e) {
                close();
                throw notACache("it is empty");
            } catch (IOException e) {
                close();
                throw new DataException("cache: cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Batch next() {
            if (in == null) {
                return null;
            }
            try {
                byte tag = in.readByte();
                if (tag == END) {
                    close();
                    return null;
                }
                if (tag != ELEMENT) {
                    throw notACache("element " + index + " is damaged");
                }
                index++;
                return read(in, fileSize);
            } catch (EOFException e) {
                close();
                throw notACache("it ends inside element " + index);
            } catch (IOException | IllegalArgumentException | ArithmeticException e) {
                close();
                throw new DataException("cache: " + file + " cannot be read at element " + index + " (" + e.getMessage()
                        + "); delete it and the next pass writes it anew", e);
            }
        }

        @Override
        public void close() {
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                in = null;
            }
        }

        private DataException notACache(String why) {
            close();
            return new DataException("cache: " + file + " is not a complete fusenet cache file (" + why + "); delete "
                    + "it and the next pass writes it anew");
        }
    }

    private static void write(DataOutputStream out, Batch element) throws IOException {
        out.writeBoolean(element.isBatched());
        out.writeInt(element.size());
        writeShape(out, element.sampleShape());
        writeFloats(out, element.rawFeatures());
        out.writeBoolean(element.hasLabels());
        if (element.hasLabels()) {
            writeShape(out, element.labelShape());
            writeFloats(out, element.rawLabels());
        }
        out.writeBoolean(element.hasWeights());
        if (element.hasWeights()) {
            writeFloats(out, element.rawWeights());
        }
    }

    private static Batch read(DataInputStream in, long limit) throws IOException {
        boolean batched = in.readBoolean();
        int rows = in.readInt();
        int[] sampleShape = readShape(in);
        float[] features = readFloats(in, limit);
        int[] labelShape = null;
        float[] labels = null;
        if (in.readBoolean()) {
            labelShape = readShape(in);
            labels = readFloats(in, limit);
        }
        float[] weights = in.readBoolean() ? readFloats(in, limit) : null;
        return Batch.raw(batched, rows, sampleShape, features, labelShape, labels, weights);
    }

    private static void writeShape(DataOutputStream out, int[] shape) throws IOException {
        out.writeInt(shape.length);
        for (int dim : shape) {
            out.writeInt(dim);
        }
    }

    private static int[] readShape(DataInputStream in) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 16) {
            throw new IOException("a shape of rank " + rank);
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
        }
        return shape;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    /** Refuses a count no file of {@code limit} bytes could hold, before allocating for it. */
    private static float[] readFloats(DataInputStream in, long limit) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * Float.BYTES > limit) {
            throw new IOException("a value count of " + count + " in a file of " + limit + " bytes");
        }
        byte[] bytes = new byte[Math.multiplyExact(count, Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }
}
