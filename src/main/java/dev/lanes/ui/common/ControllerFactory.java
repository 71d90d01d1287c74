package dev.lanes.ui.common;

import javafx.util.Callback;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds FXML controllers with their dependencies through the constructor. A controller class the
 * factory does not know is a programming error and fails loudly, never silently with nulls.
 */
public final class ControllerFactory implements Callback<Class<?>, Object> {

    private final Map<Class<?>, Supplier<?>> suppliers = new HashMap<>();

    public <T> ControllerFactory register(Class<T> type, Supplier<? extends T> supplier) {
        suppliers.put(type, supplier);
        return this;
    }

    @Override
    public Object call(Class<?> type) {
        Supplier<?> supplier = suppliers.get(type);
        if (supplier == null) {
            throw new IllegalStateException("No controller registered for " + type.getName()
                    + "; register it in the ControllerFactory");
        }
        return supplier.get();
    }
}
