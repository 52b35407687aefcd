/* One argon2id evaluation (m=19456 KiB, t=2, p=1, 32-byte output) of the
 * password on standard input, with the C reference implementation as Debian
 * ships it (libargon2-1, package argon2): the floor one backup-code check is
 * compared with. The `argon2` command of the same package evaluates twice
 * per run (it hashes, then verifies its own hash), so it is not the floor.
 * Built by benches/auth.sh: cc -O2 argon2_ref.c -l:libargon2.so.1 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int argon2id_hash_raw(const uint32_t t_cost, const uint32_t m_cost,
                      const uint32_t parallelism, const void *pwd,
                      const size_t pwdlen, const void *salt,
                      const size_t saltlen, void *hash, const size_t hashlen);

int main(void) {
    char pwd[256];
    size_t n = fread(pwd, 1, sizeof pwd, stdin);
    unsigned char out[32];
    int rc = argon2id_hash_raw(2, 19456, 1, pwd, n, "somesaltsomesalt", 16, out, sizeof out);
    for (size_t i = 0; i < sizeof out; i++)
        printf("%02x", out[i]);
    printf("\n");
    return rc;
}
