package dev.fusenet.processor;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.ActivationLayer;
import dev.fusenet.annotations.Add;
import dev.fusenet.annotations.Average;
import dev.fusenet.annotations.AveragePooling2D;
import dev.fusenet.annotations.BatchNormalization;
import dev.fusenet.annotations.Concatenate;
import dev.fusenet.annotations.Conv2D;
import dev.fusenet.annotations.Conv2DTranspose;
import dev.fusenet.annotations.Cropping2D;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.DepthwiseConv2D;
import dev.fusenet.annotations.Dropout;
import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Flatten;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.GlobalAveragePooling2D;
import dev.fusenet.annotations.GlobalMaxPooling2D;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.annotations.LayerNormalization;
import dev.fusenet.annotations.MaxPooling2D;
import dev.fusenet.annotations.Maximum;
import dev.fusenet.annotations.Minimum;
import dev.fusenet.annotations.Multiply;
import dev.fusenet.annotations.Padding;
import dev.fusenet.annotations.RandomBrightness;
import dev.fusenet.annotations.RandomContrast;
import dev.fusenet.annotations.RandomFlip;
import dev.fusenet.annotations.RandomRotation;
import dev.fusenet.annotations.RandomTranslation;
import dev.fusenet.annotations.RandomZoom;
import dev.fusenet.annotations.Rescaling;
import dev.fusenet.annotations.SeparableConv2D;
import dev.fusenet.annotations.Subtract;
import dev.fusenet.annotations.UpSampling2D;
import dev.fusenet.annotations.ZeroPadding2D;
import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.ConcatenateSpec;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.FlattenSpec;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.RandomBrightnessSpec;
import dev.fusenet.model.RandomContrastSpec;
import dev.fusenet.model.RandomFlipSpec;
import dev.fusenet.model.RandomRotationSpec;
import dev.fusenet.model.RandomTranslationSpec;
import dev.fusenet.model.RandomZoomSpec;
import dev.fusenet.model.RescalingSpec;
import dev.fusenet.model.SeparableConv2DSpec;
import dev.fusenet.model.Shape;
import dev.fusenet.model.UpSampling2DSpec;
import dev.fusenet.model.ZeroPadding2DSpec;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;

/**
 * The layer annotations the processor reads, each with how its values become a layer description: adding a
 * layer kind adds a constant here.
 */
enum LayerKind {
    DENSE(Dense.class) {
        @Override
        LayerSpec read(String name, AnnotationValues dense) {
            return new DenseSpec(name, dense.intValue("units"), dense.enumValue("activation", Activation.class),
                    dense.booleanValue("useBias"), inputShape(dense),
                    dense.enumValue("kernelInitializer", Initializer.class),
                    dense.enumValue("biasInitializer", Initializer.class));
        }
    },
    CONV_2D(Conv2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues conv) {
            return new Conv2DSpec(name, conv.intValue("filters"), conv.intValues("kernelSize"),
                    conv.intValues("strides"), conv.enumValue("padding", Padding.class), conv.intValues("dilationRate"),
                    conv.enumValue("activation", Activation.class), conv.booleanValue("useBias"), inputShape(conv),
                    conv.enumValue("kernelInitializer", Initializer.class),
                    conv.enumValue("biasInitializer", Initializer.class));
        }
    },
    DEPTHWISE_CONV_2D(DepthwiseConv2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues conv) {
            return new DepthwiseConv2DSpec(name, conv.intValues("kernelSize"), conv.intValues("strides"),
                    conv.enumValue("padding", Padding.class), conv.intValues("dilationRate"),
                    conv.intValue("depthMultiplier"),
                    conv.enumValue("activation", Activation.class), conv.booleanValue("useBias"),
                    conv.enumValue("depthwiseInitializer", Initializer.class),
                    conv.enumValue("biasInitializer", Initializer.class), inputShape(conv));
        }
    },
    SEPARABLE_CONV_2D(SeparableConv2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues conv) {
            return new SeparableConv2DSpec(name, conv.intValue("filters"), conv.intValues("kernelSize"),
                    conv.intValues("strides"), conv.enumValue("padding", Padding.class), conv.intValues("dilationRate"),
                    conv.intValue("depthMultiplier"), conv.enumValue("activation", Activation.class),
                    conv.booleanValue("useBias"), conv.enumValue("depthwiseInitializer", Initializer.class),
                    conv.enumValue("pointwiseInitializer", Initializer.class),
                    conv.enumValue("biasInitializer", Initializer.class), inputShape(conv));
        }
    },
    CONV_2D_TRANSPOSE(Conv2DTranspose.class) {
        @Override
        LayerSpec read(String name, AnnotationValues conv) {
            return new Conv2DTransposeSpec(name, conv.intValue("filters"), conv.intValues("kernelSize"),
                    conv.intValues("strides"), conv.enumValue("padding", Padding.class),
                    conv.enumValue("activation", Activation.class), conv.booleanValue("useBias"),
                    conv.enumValue("kernelInitializer", Initializer.class),
                    conv.enumValue("biasInitializer", Initializer.class), inputShape(conv));
        }
    },
    MAX_POOLING_2D(MaxPooling2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues pooling) {
            return pooling(name, Pooling2DSpec.Kind.MAX, pooling);
        }
    },
    AVERAGE_POOLING_2D(AveragePooling2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues pooling) {
            return pooling(name, Pooling2DSpec.Kind.AVERAGE, pooling);
        }
    },
    FLATTEN(Flatten.class) {
        @Override
        LayerSpec read(String name, AnnotationValues flatten) {
            return new FlattenSpec(name, inputShape(flatten));
        }
    },
    DROPOUT(Dropout.class) {
        @Override
        LayerSpec read(String name, AnnotationValues dropout) {
            return new DropoutSpec(name, dropout.doubleValue("rate"), inputShape(dropout));
        }
    },
    ADD(Add.class, MergeSpec.Operation.ADD),
    SUBTRACT(Subtract.class, MergeSpec.Operation.SUBTRACT),
    MULTIPLY(Multiply.class, MergeSpec.Operation.MULTIPLY),
    AVERAGE(Average.class, MergeSpec.Operation.AVERAGE),
    MAXIMUM(Maximum.class, MergeSpec.Operation.MAXIMUM),
    MINIMUM(Minimum.class, MergeSpec.Operation.MINIMUM),
    CONCATENATE(Concatenate.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new ConcatenateSpec(name, values.intValue("axis"));
        }
    },
    ACTIVATION_LAYER(ActivationLayer.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new ActivationLayerSpec(name, values.enumValue("value", Activation.class), inputShape(values));
        }
    },
    GLOBAL_AVERAGE_POOLING_2D(GlobalAveragePooling2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new GlobalPooling2DSpec(name, GlobalPooling2DSpec.Kind.AVERAGE, values.booleanValue("keepdims"),
                    inputShape(values));
        }
    },
    GLOBAL_MAX_POOLING_2D(GlobalMaxPooling2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new GlobalPooling2DSpec(name, GlobalPooling2DSpec.Kind.MAX, values.booleanValue("keepdims"),
                    inputShape(values));
        }
    },
    RANDOM_FLIP(RandomFlip.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RandomFlipSpec(name,
                    values.enumValue("mode", FlipMode.class), inputShape(values));
        }
    },
    RANDOM_ROTATION(RandomRotation.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RandomRotationSpec(name, values.doubleValues("factor"),
                    values.enumValue("fillMode", FillMode.class),
                    values.enumValue("interpolation", Interpolation.class),
                    values.doubleValue("fillValue"), inputShape(values));
        }
    },
    RANDOM_ZOOM(RandomZoom.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RandomZoomSpec(name, values.doubleValues("heightFactor"),
                    values.doubleValues("widthFactor"),
                    values.enumValue("fillMode", FillMode.class),
                    values.enumValue("interpolation", Interpolation.class),
                    values.doubleValue("fillValue"), inputShape(values));
        }
    },
    RANDOM_TRANSLATION(RandomTranslation.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RandomTranslationSpec(name, values.doubleValues("heightFactor"),
                    values.doubleValues("widthFactor"),
                    values.enumValue("fillMode", FillMode.class),
                    values.enumValue("interpolation", Interpolation.class),
                    values.doubleValue("fillValue"), inputShape(values));
        }
    },
    RANDOM_CONTRAST(RandomContrast.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RandomContrastSpec(name, values.doubleValues("factor"),
                    values.doubleValues("valueRange"), inputShape(values));
        }
    },
    RANDOM_BRIGHTNESS(RandomBrightness.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RandomBrightnessSpec(name, values.doubleValues("factor"),
                    values.doubleValues("valueRange"), inputShape(values));
        }
    },
    RESCALING(Rescaling.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new RescalingSpec(name, values.doubleValue("scale"), values.doubleValue("offset"),
                    inputShape(values));
        }
    },
    LAYER_NORMALIZATION(LayerNormalization.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new LayerNormalizationSpec(name, values.intValue("axis"), values.doubleValue("epsilon"),
                    values.booleanValue("center"), values.booleanValue("scale"), inputShape(values));
        }
    },
    ZERO_PADDING_2D(ZeroPadding2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new ZeroPadding2DSpec(name, values.intValues("padding"), inputShape(values));
        }
    },
    CROPPING_2D(Cropping2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new Cropping2DSpec(name, values.intValues("cropping"), inputShape(values));
        }
    },
    UP_SAMPLING_2D(UpSampling2D.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new UpSampling2DSpec(name, values.intValues("size"), inputShape(values));
        }
    },
    BATCH_NORMALIZATION(BatchNormalization.class) {
        @Override
        LayerSpec read(String name, AnnotationValues values) {
            return new BatchNormalizationSpec(name, values.intValue("axis"), values.doubleValue("momentum"),
                    values.doubleValue("epsilon"), values.booleanValue("center"), values.booleanValue("scale"),
                    inputShape(values));
        }
    };

    private final Class<? extends Annotation> annotation;
    /** For an element-wise merge, its operation (the annotation has no values); null for the other kinds. */
    private final MergeSpec.Operation merge;

    LayerKind(Class<? extends Annotation> annotation) {
        this(annotation, null);
    }

    LayerKind(Class<? extends Annotation> annotation, MergeSpec.Operation merge) {
        this.annotation = annotation;
        this.merge = merge;
    }

    Class<? extends Annotation> annotation() {
        return annotation;
    }

    /**
     * The layer that the annotation's values declare on the method {@code name}: a merge here; every other kind
     * reads its own values.
     */
    LayerSpec read(String name, AnnotationValues values) {
        return new MergeSpec(name, merge);
    }

    /** The written inputShape; {@code {}} (the default) means none. */
    private static Optional<Shape> inputShape(AnnotationValues values) {
        List<Integer> dims = values.intValues("inputShape");
        return dims.isEmpty() ? Optional.empty() : Optional.of(new Shape(dims));
    }

    private static Pooling2DSpec pooling(String name, Pooling2DSpec.Kind kind, AnnotationValues pooling) {
        return new Pooling2DSpec(name, kind, pooling.intValues("poolSize"), pooling.intValues("strides"),
                pooling.enumValue("padding", Padding.class), inputShape(pooling));
    }
}
