/* unit-kb.c: placeholder until the kb tests land. */
#include <config.h>
#include "tap.h"

int main(void)
{
	tap_skip_all("not written yet");
}
