# Opens each model library with tfm_model_open and prints the outcome.
import ctypes, sys

runtime = ctypes.CDLL(sys.argv[1])
runtime.tfm_model_open.restype = ctypes.c_void_p
runtime.tfm_model_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
runtime.tfm_status_message.restype = ctypes.c_char_p
runtime.tfm_status_message.argtypes = [ctypes.c_void_p]
runtime.tfm_status_free.argtypes = [ctypes.c_void_p]
runtime.tfm_model_close.argtypes = [ctypes.c_void_p]
for path in sys.argv[2:]:
    handle = ctypes.c_void_p()
    status = runtime.tfm_model_open(path.encode(), ctypes.byref(handle))
    if status:
        print(runtime.tfm_status_message(status).decode())
        runtime.tfm_status_free(status)
    else:
        print(path + ": opened")
        runtime.tfm_model_close(handle)
