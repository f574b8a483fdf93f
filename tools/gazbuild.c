/* gazbuild.c - compiles GeoNames data into the gazetteer index (stub). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
    FILE *fp = out ? fopen(out, "wb") : NULL;
    if (!fp)
        return 1;
    return fclose(fp) == 0 ? 0 : 1;
}
