package dev.clinicsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clinicsync.core.store.Secret;
import dev.clinicsync.core.store.SecretStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract every writable {@link SecretStore} honours. */
public abstract class SecretStoreContract {

  /** A new, empty, writable store. */
  protected abstract SecretStore newStore();

  @Test
  @DisplayName("stores, replaces and deletes secrets by name")
  void lifecycle() {
    SecretStore store = newStore();
    assertThat(store.get("google/refresh-token/dr-lee")).isEmpty();
    store.put("google/refresh-token/dr-lee", Secret.of("1//first"));
    store.put("google/refresh-token/dr-lee", Secret.of("1//second"));
    assertThat(store.get("google/refresh-token/dr-lee")).map(Secret::asString).contains("1//second");
    store.delete("google/refresh-token/dr-lee");
    assertThat(store.get("google/refresh-token/dr-lee")).isEmpty();
    store.delete("never-there");
  }

  @Test
  @DisplayName("keeps binary secrets byte for byte")
  void binary() {
    SecretStore store = newStore();
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 37 - 128);
    }
    store.put("hmac", Secret.of(key));
    assertThat(store.get("hmac").orElseThrow().bytes()).isEqualTo(key);
  }

  @Test
  @DisplayName("never shows a secret's value in its own toString")
  void redacted() {
    SecretStore store = newStore();
    store.put("api-key", Secret.of("sk_live_do_not_print"));
    assertThat(store.toString()).doesNotContain("sk_live_do_not_print");
    assertThat(store.get("api-key").orElseThrow().toString()).doesNotContain("sk_live_do_not_print");
  }
}
