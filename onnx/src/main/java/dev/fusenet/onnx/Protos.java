package dev.fusenet.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.ByteString;

/**
 * The few ONNX messages fusenet writes and reads, built and taken apart in one place: tensors (little-endian raw
 * data, as the ONNX spec stores them), attributes, nodes and value infos.
 */
final class Protos {

    private Protos() {
    }

    /** A float tensor named {@code name} of shape {@code dims} holding {@code values} in row-major order. */
    static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    /** An int64 tensor named {@code name} of shape {@code dims}: the shapes and pads operators take as inputs. */
    static TensorProto longs(String name, long[] dims, long[] values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    /** A float scalar (a tensor of rank 0), e.g. a constant of the GELU formula. */
    static TensorProto scalar(String name, float value) {
        return floats(name, new long[0], new float[] {value});
    }

    /** A tensor's values as floats, from raw data or the typed field, whichever the writer used. */
    static float[] floatValues(TensorProto tensor) {
        if (tensor.getDataType() == TensorProto.DataType.DOUBLE_VALUE) {
            double[] doubles = tensor.getRawData().isEmpty()
                    ? tensor.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray()
                    : rawDoubles(tensor.getRawData());
            float[] values = new float[doubles.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) doubles[i];
            }
            return values;
        }
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor " + tensor.getName() + " holds "
                    + TensorProto.DataType.forNumber(tensor.getDataType()) + ", not FLOAT");
        }
        if (!tensor.getRawData().isEmpty()) {
            FloatBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    private static double[] rawDoubles(ByteString raw) {
        java.nio.DoubleBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        double[] values = new double[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /** A tensor's values as longs (INT64 or INT32), e.g. a Reshape's target shape. */
    static long[] longValues(TensorProto tensor) {
        int type = tensor.getDataType();
        if (type == TensorProto.DataType.INT64_VALUE) {
            if (!tensor.getRawData().isEmpty()) {
                LongBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                        .asLongBuffer();
                long[] values = new long[buffer.remaining()];
                buffer.get(values);
                return values;
            }
            return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        if (type == TensorProto.DataType.INT32_VALUE) {
            if (!tensor.getRawData().isEmpty()) {
                java.nio.IntBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                        .asIntBuffer();
                long[] values = new long[buffer.remaining()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.get(i);
                }
                return values;
            }
            return tensor.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
        }
        throw new IllegalArgumentException("tensor " + tensor.getName() + " holds "
                + TensorProto.DataType.forNumber(type) + ", not integers");
    }

    /**
     * What is wrong with a tensor's storage, or null: weights kept in an external file, a dimension that is
     * negative or beyond a Java array, or a number of values other than its dims say. Checked before any value is
     * read, so a malformed file is a message, not an index out of bounds.
     */
    static String malformation(TensorProto tensor) {
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0) {
            String file = tensor.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                    .map(e -> e.getValue()).findFirst().orElse("another file");
            return "keeps its values in external data (" + file + "); fusenet reads models whose weights are inside "
                    + "the .onnx file: load it in Python with onnx.load(path) and save it with onnx.save_model(model, "
                    + "path, save_as_external_data=False) (models under 2 GB fit)";
        }
        long count = 1;
        for (long dim : tensor.getDimsList()) {
            if (dim < 0 || dim > Integer.MAX_VALUE) {
                return "has dimension " + dim + " in dims " + tensor.getDimsList() + ", which no Java array holds";
            }
            count *= dim;
            if (count > Integer.MAX_VALUE) {
                return "has dims " + tensor.getDimsList() + ", more values than a Java array holds ("
                        + Integer.MAX_VALUE + ")";
            }
        }
        int bytes = elementBytes(tensor.getDataType());
        long stored;
        if (!tensor.getRawData().isEmpty()) {
            if (bytes == 0) {
                return null;
            }
            if (tensor.getRawData().size() % bytes != 0) {
                return "has " + tensor.getRawData().size() + " bytes of raw data, not a whole number of "
                        + TensorProto.DataType.forNumber(tensor.getDataType()) + " values of " + bytes + " bytes";
            }
            stored = tensor.getRawData().size() / bytes;
        } else {
            stored = switch (TensorProto.DataType.forNumber(tensor.getDataType())) {
                case FLOAT -> tensor.getFloatDataCount();
                case DOUBLE -> tensor.getDoubleDataCount();
                case INT64 -> tensor.getInt64DataCount();
                case INT32 -> tensor.getInt32DataCount();
                default -> -1;
            };
            if (stored < 0) {
                return null;
            }
        }
        if (stored != count) {
            return "holds " + stored + " values but its dims " + tensor.getDimsList() + " need " + count
                    + (stored < count ? ": the file is cut short or was written wrongly" : "");
        }
        return null;
    }

    private static int elementBytes(int type) {
        TensorProto.DataType known = TensorProto.DataType.forNumber(type);
        if (known == null) {
            return 0;
        }
        return switch (known) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> 0;
        };
    }

    static long[] dims(TensorProto tensor) {
        return tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    static NodeProto node(String op, String name, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        return node.build();
    }

    /** A float tensor value whose first dimension is the batch, named {@code batch}, of any size. */
    static ValueInfoProto batchOf(String name, int[] sampleShape) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDimBuilder().setDimParam("batch");
        for (int dim : sampleShape) {
            shape.addDimBuilder().setDimValue(dim);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** A node's attribute, if it has one of that name. */
    static java.util.Optional<AttributeProto> attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    static long[] intsOr(NodeProto node, String name, long[] otherwise) {
        return attribute(node, name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray())
                .orElse(otherwise);
    }

    static long intOr(NodeProto node, String name, long otherwise) {
        return attribute(node, name).map(AttributeProto::getI).orElse(otherwise);
    }

    static float floatOr(NodeProto node, String name, float otherwise) {
        return attribute(node, name).map(AttributeProto::getF).orElse(otherwise);
    }

    static String stringOr(NodeProto node, String name, String otherwise) {
        return attribute(node, name).map(a -> a.getS().toStringUtf8()).orElse(otherwise);
    }
}
