// Swift's view of CPython 3.11: the macros, globals and variadics it cannot import,
// as static inline functions (see notes/c-interop.md).
#ifndef FEATIDE_CPYTHON_SHIM_H
#define FEATIDE_CPYTHON_SHIM_H

#include <features.h>
#include <stdio.h>
#include <malloc.h>
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

static inline PyObject *shim_none(void) { return Py_None; }
static inline PyObject *shim_true(void) { return Py_True; }
static inline PyObject *shim_false(void) { return Py_False; }

static inline int shim_is_bool(PyObject *o) { return PyBool_Check(o); }
static inline int shim_is_long(PyObject *o) { return PyLong_Check(o); }
static inline int shim_is_float(PyObject *o) { return PyFloat_Check(o); }
static inline int shim_is_unicode(PyObject *o) { return PyUnicode_Check(o); }
static inline int shim_is_bytes(PyObject *o) { return PyBytes_Check(o); }
static inline int shim_is_list(PyObject *o) { return PyList_Check(o); }
static inline int shim_is_tuple(PyObject *o) { return PyTuple_Check(o); }
static inline int shim_is_dict(PyObject *o) { return PyDict_Check(o); }

// Exact types: a subclass (whose methods a script wrote) is never taken for the base type.
static inline int shim_is_exact_long(PyObject *o) { return PyLong_CheckExact(o); }
static inline int shim_is_exact_float(PyObject *o) { return PyFloat_CheckExact(o); }
static inline int shim_is_exact_unicode(PyObject *o) { return PyUnicode_CheckExact(o); }
static inline int shim_is_exact_bytes(PyObject *o) { return PyBytes_CheckExact(o); }
static inline int shim_is_exact_list(PyObject *o) { return PyList_CheckExact(o); }
static inline int shim_is_exact_tuple(PyObject *o) { return PyTuple_CheckExact(o); }
static inline int shim_is_exact_dict(PyObject *o) { return PyDict_CheckExact(o); }
static inline int shim_is_type(PyObject *o) { return PyType_Check(o); }

/// Makes a heap type's attributes read-only (`type.__setattr__` refuses), as static types are.
static inline void shim_make_type_immutable(PyObject *o) {
    PyTypeObject *type = (PyTypeObject *)o;
    if (type->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        type->tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
        PyType_Modified(type);
    }
}

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
// CPython 3.11's internal frame layout (Include/internal/pycore_frame.h), mirrored so a
// thread without the GIL can read which line another thread is on.
typedef struct shim_interpreter_frame {
    PyObject *f_func, *f_globals, *f_builtins, *f_locals;
    PyCodeObject *f_code;
    PyObject *frame_obj;
    struct shim_interpreter_frame *previous;
    _Py_CODEUNIT *prev_instr;
} shim_interpreter_frame;

/// The innermost line of `tstate`'s stack in code compiled from `filename` (0 if none), read
/// without the GIL: only for a thread that is stuck (or crashed), never one that is running.
static inline int shim_sample_line(PyThreadState *tstate, PyObject *filename) {
    if (!tstate || !tstate->cframe) return 0;
    shim_interpreter_frame *frame = (shim_interpreter_frame *)tstate->cframe->current_frame;
    for (int depth = 0; frame && depth < 256; depth++, frame = frame->previous) {
        PyCodeObject *code = frame->f_code;
        if (!code || Py_TYPE(code) != &PyCode_Type || code->co_filename != filename) continue;
        _Py_CODEUNIT *first = _PyCode_CODE(code);
        Py_ssize_t units = Py_SIZE(code);
        Py_ssize_t at = frame->prev_instr - first;
        if (at < 0 || at >= units) continue;
        return PyCode_Addr2Line(code, (int)(at * sizeof(_Py_CODEUNIT)));
    }
    return 0;
}
#else
#error "featide's script worker is written against CPython 3.11's frame layout"
#endif

static inline double shim_float_value(PyObject *o) { return PyFloat_AS_DOUBLE(o); }
static inline PyObject *shim_list_item(PyObject *o, Py_ssize_t i) { return PyList_GET_ITEM(o, i); }
static inline void shim_list_set(PyObject *o, Py_ssize_t i, PyObject *v) { PyList_SET_ITEM(o, i, v); }
static inline PyObject *shim_tuple_item(PyObject *o, Py_ssize_t i) { return PyTuple_GET_ITEM(o, i); }
static inline void shim_tuple_set(PyObject *o, Py_ssize_t i, PyObject *v) { PyTuple_SET_ITEM(o, i, v); }

static inline PyObject *shim_exc_runtime_error(void) { return PyExc_RuntimeError; }
static inline PyObject *shim_exc_permission_error(void) { return PyExc_PermissionError; }
static inline PyObject *shim_exc_type_error(void) { return PyExc_TypeError; }
static inline PyObject *shim_exc_import_error(void) { return PyExc_ImportError; }
static inline PyObject *shim_exc_value_error(void) { return PyExc_ValueError; }
static inline PyObject *shim_exc_memory_error(void) { return PyExc_MemoryError; }
static inline PyObject *PyExc_SyntaxError_shim(void) { return PyExc_SyntaxError; }
static inline PyObject *shim_exc_stop_iteration(void) { return PyExc_StopIteration; }
static inline PyObject *shim_exc_generator_exit(void) { return PyExc_GeneratorExit; }

/// A METH_O / METH_VARARGS|METH_KEYWORDS C function whose `self` is a capsule.
typedef PyObject *(*shim_keywords_function)(PyObject *, PyObject *, PyObject *);
static inline PyObject *shim_new_function(PyMethodDef *def, PyObject *self) {
    return PyCFunction_NewEx(def, self, NULL);
}
static inline void shim_method_def(PyMethodDef *def, const char *name, void *function, int flags) {
    def->ml_name = name;
    def->ml_meth = (PyCFunction)function;
    def->ml_flags = flags;
    def->ml_doc = NULL;
}
static inline int shim_meth_o(void) { return METH_O; }
static inline int shim_meth_varargs_keywords(void) { return METH_VARARGS | METH_KEYWORDS; }
static inline int shim_meth_fastcall_keywords(void) { return METH_FASTCALL | METH_KEYWORDS; }

#endif
