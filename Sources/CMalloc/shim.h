// glibc's allocator settings (mallopt and its M_* constants), which Swift's Glibc module does not
// export: the program sets when large blocks are mapped on their own (see Sources/iidei/main.swift).
#include <malloc.h>
