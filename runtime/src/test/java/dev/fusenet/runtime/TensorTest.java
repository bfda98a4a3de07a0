package dev.fusenet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorTest {

    private static Tensor matrix(float... values) {
        return Tensor.of(values, 2, values.length / 2);
    }

    @Nested
    class Keys {

        @Test
        void rankShapeAndDtypeAsTheLectureTeachesThem() {
            Tensor scalar = Tensor.scalar(12.0);
            Tensor vector = Tensor.of(new float[] {12, 3, 6, 14, 7});
            Tensor images = Tensor.zeros(new long[] {60000, 28, 28}, DType.UINT8);
            assertEquals(0, scalar.rank());
            assertArrayEquals(new long[0], scalar.shape());
            assertEquals(1, vector.rank());
            assertArrayEquals(new long[] {5}, vector.shape());
            assertEquals(3, images.rank());
            assertArrayEquals(new long[] {60000, 28, 28}, images.shape());
            assertEquals(DType.UINT8, images.dtype());
            assertEquals(DType.FLOAT32, vector.dtype());
            assertEquals(28, images.dim(-1));
            assertEquals(60000L * 28 * 28, images.size());
        }

        @Test
        void factoriesGiveTheirDtypes() {
            assertEquals(DType.FLOAT32, Tensor.of(new float[] {1}).dtype());
            assertEquals(DType.FLOAT64, Tensor.of(new double[] {1}).dtype());
            assertEquals(DType.INT32, Tensor.of(new int[] {1}).dtype());
            assertEquals(DType.INT64, Tensor.of(new long[] {1}).dtype());
            assertEquals(DType.UINT8, Tensor.of(new byte[] {1}).dtype());
            assertEquals(DType.BOOL, Tensor.of(new boolean[] {true}).dtype());
            assertEquals(DType.FLOAT16, Tensor.of(new double[] {1, 2}, DType.FLOAT16).dtype());
            assertEquals(DType.FLOAT32, Tensor.scalar(1.5).dtype());
            assertEquals(DType.INT32, Tensor.scalar(3).dtype());
            assertEquals(DType.INT64, Tensor.scalar(3L).dtype());
            assertEquals(DType.BOOL, Tensor.scalar(true).dtype());
            assertEquals(DType.FLOAT64, Tensor.scalar(1.5, DType.FLOAT64).dtype());
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void zerosOnesAndFullInEveryDtype(DType dtype) {
            long[] shape = {2, 3};
            assertEquals(dtype, Tensor.zeros(shape, dtype).dtype());
            assertArrayEquals(new double[6], Tensor.zeros(shape, dtype).toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, Tensor.ones(shape, dtype).toDoubleArray());
            assertEquals(1.0, Tensor.full(shape, 1, dtype).max().doubleValue());
            assertEquals(dtype, Tensor.full(shape, 1, dtype).dtype());
        }

        @Test
        void unsignedBytesReadAsPixels() {
            Tensor pixels = Tensor.of(new byte[] {(byte) 255, 0, (byte) 128, 7}, 2, 2);
            assertArrayEquals(new int[] {255, 0, 128, 7}, pixels.toIntArray());
            assertArrayEquals(new byte[] {(byte) 255, 0, (byte) 128, 7}, pixels.toByteArray());
            assertEquals(255.0, pixels.max().doubleValue());
        }

        @Test
        void seededRandomTensorsRepeat() {
            long[] shape = {3, 4};
            Tensor a = Tensor.randomUniform(shape, -1, 1, DType.FLOAT32, 42);
            assertEquals(a, Tensor.randomUniform(shape, -1, 1, DType.FLOAT32, 42));
            assertNotEquals(a, Tensor.randomUniform(shape, -1, 1, DType.FLOAT32, 43));
            assertTrue(a.min().doubleValue() >= -1 && a.max().doubleValue() < 1);
            Tensor n = Tensor.randomNormal(new long[] {20000}, 2, 3, DType.FLOAT64, 7);
            assertEquals(2, n.mean().doubleValue(), 0.1);
            assertEquals(9, n.sub(2).square().mean().doubleValue(), 0.3);
            assertEquals(n, Tensor.randomNormal(new long[] {20000}, 2, 3, DType.FLOAT64, 7));
        }

        @Test
        void wrapsNd4jArraysWithoutCopying() {
            INDArray array = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'c');
            Tensor tensor = Tensor.of(array);
            assertSame(array, tensor.toNd4j());
            assertEquals(DType.FLOAT32, tensor.dtype());
        }

        @Test
        void readsColumnMajorArraysInRowMajorOrder() {
            INDArray columnMajor = Nd4j.create(new float[] {1, 4, 2, 5, 3, 6}, new long[] {2, 3}, 'f');
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensor.of(columnMajor).toFloatArray());
        }

        @Test
        void copiesIntoAReusedArrayInRowMajorOrder() {
            float[] values = new float[6];
            Tensor.of(Nd4j.create(new float[] {1, 4, 2, 5, 3, 6}, new long[] {2, 3}, 'f')).copyInto(values);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, values);
            Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2).copyInto(values);
            assertArrayEquals(new float[] {7, 8, 9, 10, 11, 12}, values);
            var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2}).copyInto(values));
            assertEquals("copyInto: a (2) tensor has 2 elements but the array holds 6", e.getMessage());
        }

        @Test
        void rejectsUnsupportedNd4jTypes() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.of(Nd4j.create(DataType.SHORT, 2)));
            assertTrue(e.getMessage().contains("SHORT"), e.getMessage());
        }

        @Test
        void valuesMustFillTheShape() {
            var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[6], 4, 2));
            assertEquals("Tensor.of: 6 values cannot fill shape (4,2) of 8 elements", e.getMessage());
        }

        @Test
        void matrixFromRows() {
            assertEquals(matrix(1, 2, 3, 4), Tensor.of(new float[][] {{1, 2}, {3, 4}}));
            assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        }
    }

    @Nested
    class Arithmetic {

        @Test
        void elementwiseWithBroadcasting() {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor row = Tensor.of(new float[] {10, 20, 30});
            Tensor column = Tensor.of(new float[] {100, 200}, 2, 1);
            assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, x.add(row).toFloatArray());
            assertArrayEquals(new float[] {101, 102, 103, 204, 205, 206}, x.add(column).toFloatArray());
            assertArrayEquals(new float[] {110, 120, 130, 210, 220, 230}, row.add(column).toFloatArray());
            assertArrayEquals(new long[] {2, 3}, row.add(column).shape());
            assertArrayEquals(new float[] {-9, -18, -27, -6, -15, -24}, x.sub(row).toFloatArray());
            assertArrayEquals(new float[] {10, 40, 90, 40, 100, 180}, x.mul(row).toFloatArray());
            assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.4f, 0.25f, 0.2f}, x.div(row).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 4, 9, 16, 25, 36}, x.pow(2).toFloatArray());
            assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6}, x.neg().toFloatArray());
        }

        @Test
        void broadcastsAcrossRanks() {
            Tensor a = Tensor.ones(2, 3, 4);
            Tensor b = Tensor.of(new float[] {1, 2, 3, 4});
            assertArrayEquals(new long[] {2, 3, 4}, a.mul(b).shape());
            assertEquals(2 * 3 * (1 + 2 + 3 + 4), a.mul(b).sum().doubleValue());
            assertArrayEquals(new long[] {2, 3, 4}, Tensor.ones(2, 1, 4).add(Tensor.ones(3, 1)).shape());
        }

        @Test
        void scalarsTakeTheTensorsDtype() {
            Tensor half = Tensor.of(new double[] {1, 2}, DType.FLOAT16);
            assertEquals(DType.FLOAT16, half.mul(2).add(3).dtype());
            Tensor ints = Tensor.of(new int[] {1, 2});
            assertEquals(DType.INT32, ints.add(1).dtype());
            assertEquals(DType.FLOAT64, ints.add(0.5).dtype());
            assertArrayEquals(new double[] {1.5, 2.5}, ints.add(0.5).toDoubleArray());
        }

        @Test
        void mixedDtypesPromoteToTheWiderOne() {
            Tensor ints = Tensor.of(new int[] {1, 2});
            Tensor floats = Tensor.of(new float[] {0.5f, 0.5f});
            assertEquals(DType.FLOAT32, ints.add(floats).dtype());
            assertEquals(DType.FLOAT64, floats.add(Tensor.of(new double[] {1, 1})).dtype());
            assertEquals(DType.FLOAT64, ints.div(Tensor.of(new int[] {2, 4})).dtype());
            assertArrayEquals(new double[] {0.5, 0.5}, ints.div(Tensor.of(new int[] {2, 4})).toDoubleArray());
        }

        @Test
        void functionsAndActivations() {
            Tensor x = Tensor.of(new double[] {-2, -0.5, 0.5, 2});
            assertArrayEquals(new double[] {0, 0, 0.5, 2}, x.relu().toDoubleArray());
            assertArrayEquals(new double[] {2, 0.5, 0.5, 2}, x.abs().toDoubleArray());
            assertArrayEquals(new double[] {4, 0.25, 0.25, 4}, x.square().toDoubleArray());
            double[] sigmoid = x.sigmoid().toDoubleArray();
            double[] tanh = x.tanh().toDoubleArray();
            double[] exp = x.exp().toDoubleArray();
            for (int i = 0; i < 4; i++) {
                double v = x.toDoubleArray()[i];
                assertEquals(1 / (1 + Math.exp(-v)), sigmoid[i], 1e-12);
                assertEquals(Math.tanh(v), tanh[i], 1e-12);
                assertEquals(Math.exp(v), exp[i], 1e-12);
            }
            Tensor positive = Tensor.of(new double[] {0.25, 4});
            assertArrayEquals(new double[] {0.5, 2}, positive.sqrt().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {Math.log(0.25), Math.log(4)}, positive.log().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {-0.5, -0.5, 0.5, 2}, x.maximum(-0.5).toDoubleArray());
            assertArrayEquals(new double[] {-2, -0.5, 0, 0}, x.minimum(0).toDoubleArray());
            assertArrayEquals(new double[] {-2, 0.25, 0.5, 2}, x.maximum(Tensor.of(new double[] {-3, 0.25, 0, 1}))
                    .toDoubleArray());
        }

        @Test
        void softmaxIsAProbabilityDistributionAlongItsAxis() {
            Tensor logits = Tensor.of(new double[] {1, 2, 3, 1000, 1000, 1000}, 2, 3);
            Tensor p = logits.softmax();
            double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
            assertArrayEquals(new double[] {Math.exp(1) / e, Math.exp(2) / e, Math.exp(3) / e, 1 / 3.0, 1 / 3.0,
                1 / 3.0}, p.toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {1, 1, 1}, logits.softmax(0).sum(0).toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {0.5, 0.5, 0.5}, Tensor.zeros(2, 3).softmax(0).get(0).toDoubleArray(),
                    1e-7);
        }

        @Test
        void integersPromoteForRealFunctions() {
            assertEquals(DType.FLOAT64, Tensor.of(new int[] {1, 4}).sqrt().dtype());
            assertEquals(DType.INT32, Tensor.of(new int[] {-1, 4}).relu().dtype());
            assertArrayEquals(new int[] {0, 4}, Tensor.of(new int[] {-1, 4}).relu().toIntArray());
        }

        @Test
        void boolArithmeticIsRefused() {
            Tensor flags = Tensor.of(new boolean[] {true, false});
            var e = assertThrows(IllegalArgumentException.class, () -> flags.add(flags));
            assertEquals("add: arithmetic on bool tensors (2) and (2) is not defined; cast them first, "
                    + "e.g. castTo(DType.INT32)", e.getMessage());
            assertThrows(IllegalArgumentException.class, flags::neg);
        }

        @Test
        void shapesThatDoNotBroadcastAreNamed() {
            var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).add(Tensor.ones(4)));
            assertEquals("add: cannot broadcast (2,3) with (4): sizes 3 and 4 differ on axis -1 and neither is 1",
                    e.getMessage());
        }

        @Test
        void comparisonsGiveBool() {
            Tensor x = Tensor.of(new float[] {1, 2, 3});
            Tensor y = Tensor.of(new float[] {3, 2, 1});
            assertArrayEquals(new boolean[] {false, true, false}, x.equal(y).toBooleanArray());
            assertArrayEquals(new boolean[] {true, false, true}, x.notEqual(y).toBooleanArray());
            assertArrayEquals(new boolean[] {false, false, true}, x.greater(y).toBooleanArray());
            assertArrayEquals(new boolean[] {false, true, true}, x.greaterEqual(y).toBooleanArray());
            assertArrayEquals(new boolean[] {true, false, false}, x.less(y).toBooleanArray());
            assertArrayEquals(new boolean[] {true, true, false}, x.lessEqual(y).toBooleanArray());
            assertArrayEquals(new boolean[] {false, true, true}, x.greater(1.5).toBooleanArray());
            assertEquals(DType.BOOL, x.greater(y).dtype());
            assertArrayEquals(new long[] {2, 3}, x.less(Tensor.of(new float[] {2, 2}, 2, 1)).shape());
        }

        @Test
        void whereChoosesElementwise() {
            Tensor condition = Tensor.of(new boolean[] {true, false, true});
            Tensor chosen = Tensor.where(condition, Tensor.of(new float[] {1, 2, 3}), Tensor.scalar(-1.0));
            assertArrayEquals(new float[] {1, -1, 3}, chosen.toFloatArray());
        }
    }

    @Nested
    class Reductions {

        private final Tensor x = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);

        @Test
        void sumMeanMaxMinOverAllAndAlongAxes() {
            assertEquals(21.0, x.sum().doubleValue());
            assertEquals(0, x.sum().rank());
            assertArrayEquals(new float[] {5, 7, 9}, x.sum(0).toFloatArray());
            assertArrayEquals(new float[] {9, 12}, x.sum(1).toFloatArray());
            assertArrayEquals(new long[] {2, 1}, x.sum(1, true).shape());
            assertArrayEquals(new long[] {1, 1}, x.sum(new int[0], true).shape());
            assertArrayEquals(new float[] {3, 4}, x.mean(-1).toFloatArray());
            assertArrayEquals(new float[] {4, 5, 6}, x.max(0).toFloatArray());
            assertArrayEquals(new float[] {1, 2}, x.min(1).toFloatArray());
            assertEquals(6.0, x.max().doubleValue());
            assertEquals(21.0, x.sum(new int[] {0, 1}, false).doubleValue());
        }

        @Test
        void argmaxGivesInt64Indices() {
            assertArrayEquals(new long[] {1, 2}, x.argmax(1).toLongArray());
            assertArrayEquals(new long[] {1, 0, 1}, x.argmax(0).toLongArray());
            assertEquals(DType.INT64, x.argmax(1).dtype());
            assertEquals(5L, x.argmax().longValue());
            assertEquals(0, x.argmax().rank());
        }

        @Test
        void integerAndBoolReductionsFollowNumpy() {
            Tensor flags = Tensor.of(new boolean[] {true, false, true});
            assertEquals(DType.INT64, flags.sum().dtype());
            assertEquals(2L, flags.sum().longValue());
            assertEquals(DType.FLOAT64, Tensor.of(new int[] {1, 2}).mean().dtype());
            assertEquals(1.5, Tensor.of(new int[] {1, 2}).mean().doubleValue());
        }

        @Test
        void badAxesAreNamed() {
            var e = assertThrows(IllegalArgumentException.class, () -> x.sum(2));
            assertEquals("sum: axis 2 is out of range for shape (2,3) of rank 2; use an axis in [-2, 2)",
                    e.getMessage());
        }
    }

    @Nested
    class ShapeOps {

        @Test
        void theLecturesReshapeExample() {
            Tensor x = Tensor.of(new float[][] {{0, 1}, {2, 3}, {4, 5}});
            assertArrayEquals(new long[] {3, 2}, x.shape());
            Tensor column = x.reshape(6, 1);
            assertArrayEquals(new long[] {6, 1}, column.shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, column.toFloatArray());
            Tensor wide = x.reshape(2, 3);
            assertEquals(Tensor.of(new float[][] {{0, 1, 2}, {3, 4, 5}}), wide);
        }

        @Test
        void reshapeInfersOneSize() {
            assertArrayEquals(new long[] {60000, 784}, Tensor.zeros(new long[] {60000, 28, 28}, DType.UINT8)
                    .reshape(60000, -1).shape());
            assertArrayEquals(new long[0], Tensor.of(new float[] {7}).reshape().shape());
        }

        @Test
        void badReshapesAreNamed() {
            Tensor x = Tensor.zeros(3, 2);
            assertEquals("reshape: cannot reshape (3,2) of 6 elements into (4,2) of 8 elements",
                    assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2)).getMessage());
            assertEquals("reshape: cannot reshape (3,2) of 6 elements into (4,-1): 6 is not a multiple of 4",
                    assertThrows(IllegalArgumentException.class, () -> x.reshape(4, -1)).getMessage());
            assertEquals("reshape: only one size can be -1, got (-1,-1)",
                    assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1)).getMessage());
        }

        @Test
        void transposeReversesOrPermutesAxes() {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertEquals(Tensor.of(new float[][] {{1, 4}, {2, 5}, {3, 6}}), x.transpose());
            Tensor cube = Tensor.zeros(2, 3, 4);
            assertArrayEquals(new long[] {4, 2, 3}, cube.transpose(2, 0, 1).shape());
            assertArrayEquals(new long[] {4, 3, 2}, cube.transpose().shape());
            assertEquals("transpose: [0, 0, 1] is not a permutation of the 3 axes of (2,3,4)",
                    assertThrows(IllegalArgumentException.class, () -> cube.transpose(0, 0, 1)).getMessage());
        }

        @Test
        void slicesAlongTheFirstAxis() {
            Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 2);
            assertEquals(Tensor.of(new float[][] {{2, 3}, {4, 5}}), x.slice(1, 3));
            assertArrayEquals(new float[] {8, 9}, x.get(-1).toFloatArray());
            assertArrayEquals(new long[] {2}, x.get(0).shape());
            assertArrayEquals(new long[] {0, 2}, x.slice(5, 5).shape());
            assertEquals("slice: rows [3, 7) are out of range for (5,2); use 0 <= start <= end <= 5",
                    assertThrows(IllegalArgumentException.class, () -> x.slice(3, 7)).getMessage());
            assertEquals("get: index 5 is out of range for the 5 rows of (5,2)",
                    assertThrows(IllegalArgumentException.class, () -> x.get(5)).getMessage());
        }

        @Test
        void broadcastToRepeats() {
            Tensor row = Tensor.of(new float[] {1, 2});
            assertEquals(Tensor.of(new float[][] {{1, 2}, {1, 2}}), row.broadcastTo(2, 2));
            assertThrows(IllegalArgumentException.class, () -> row.broadcastTo(3));
        }

        @Test
        void castsBetweenDtypes() {
            Tensor x = Tensor.of(new float[] {1.7f, -2.2f, 0});
            assertArrayEquals(new int[] {1, -2, 0}, x.castTo(DType.INT32).toIntArray());
            assertArrayEquals(new boolean[] {true, true, false}, x.castTo(DType.BOOL).toBooleanArray());
            assertEquals(DType.FLOAT16, x.castTo(DType.FLOAT16).dtype());
            assertSame(x, x.castTo(DType.FLOAT32));
        }
    }

    @Nested
    class Values {

        @Test
        void printsLikeNumpy() {
            assertEquals("[[5., 7.], [9., 11.]]", Tensor.of(new float[][] {{5, 7}, {9, 11}}).toString());
            assertEquals("[[2., 2.], [2., 2.]], dtype=float16",
                    Tensor.of(new double[] {2, 2, 2, 2}, DType.FLOAT16, 2, 2).toString());
            assertEquals("[0.1, 0.25, -1.5]", Tensor.of(new float[] {0.1f, 0.25f, -1.5f}).toString());
            assertEquals("[0.1], dtype=float16", Tensor.of(new double[] {0.1}, DType.FLOAT16).toString());
            assertEquals("[1, 2], dtype=int32", Tensor.of(new int[] {1, 2}).toString());
            assertEquals("[True, False], dtype=bool", Tensor.of(new boolean[] {true, false}).toString());
            assertEquals("12.", Tensor.scalar(12.0).toString());
            assertEquals("[1.e-05, nan, inf]", Tensor.of(new float[] {1e-5f, Float.NaN, Float.POSITIVE_INFINITY})
                    .toString());
        }

        @Test
        void summarisesLargeTensors() {
            String printed = Tensor.zeros(100, 100).toString();
            assertEquals("[[0., 0., 0., ..., 0., 0., 0.], [0., 0., 0., ..., 0., 0., 0.], "
                    + "[0., 0., 0., ..., 0., 0., 0.], ..., [0., 0., 0., ..., 0., 0., 0.], "
                    + "[0., 0., 0., ..., 0., 0., 0.], [0., 0., 0., ..., 0., 0., 0.]]", printed);
        }

        @Test
        void singleValues() {
            assertEquals(6.0, Tensor.of(new float[] {1, 2, 3}).sum().doubleValue());
            assertEquals(3, Tensor.scalar(3).intValue());
            assertEquals("floatValue: needs a tensor with one element, got (3) with 3",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3]).floatValue())
                            .getMessage());
        }

        @Test
        void equalityIsByValue() {
            assertEquals(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {1, 2}));
            assertEquals(Tensor.of(new float[] {1, 2}).hashCode(), Tensor.of(new float[] {1, 2}).hashCode());
            assertNotEquals(Tensor.of(new float[] {1, 2}), Tensor.of(new double[] {1, 2}));
            assertNotEquals(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {1, 2}, 1, 2));
            assertTrue(Tensor.of(new float[] {1, 2}).allClose(Tensor.of(new float[] {1, 2.000001f}), 1e-5, 0));
            assertFalse(Tensor.of(new float[] {1, 2}).allClose(Tensor.of(new float[] {1, 2.1f}), 1e-5, 0));
        }

        @Test
        void operationsNeverModifyTheirOperands() {
            Tensor x = Tensor.of(new float[] {1, -2, 3});
            x.relu();
            x.add(1);
            x.softmax();
            x.sigmoid();
            x.exp();
            assertArrayEquals(new float[] {1, -2, 3}, x.toFloatArray());
        }
    }
}
