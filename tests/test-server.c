/* test-server.c: placeholder for the loopback fixture server. */
int main(void) { return 77; }
