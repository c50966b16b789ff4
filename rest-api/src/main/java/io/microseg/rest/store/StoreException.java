package io.microseg.rest.store;

/** The store could not be read or written; the change it carried is not committed. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
