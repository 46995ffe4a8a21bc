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

static inline double shim_float_value(PyObject *o) { return PyFloat_AS_DOUBLE(o); }
static inline PyObject *shim_list_item(PyObject *o, Py_ssize_t i) { return PyList_GET_ITEM(o, i); }
static inline void shim_list_set(PyObject *o, Py_ssize_t i, PyObject *v) { PyList_SET_ITEM(o, i, v); }
static inline PyObject *shim_tuple_item(PyObject *o, Py_ssize_t i) { return PyTuple_GET_ITEM(o, i); }
static inline void shim_tuple_set(PyObject *o, Py_ssize_t i, PyObject *v) { PyTuple_SET_ITEM(o, i, v); }

static inline PyObject *shim_exc_runtime_error(void) { return PyExc_RuntimeError; }
static inline PyObject *shim_exc_permission_error(void) { return PyExc_PermissionError; }
static inline PyObject *shim_exc_type_error(void) { return PyExc_TypeError; }
static inline PyObject *shim_exc_import_error(void) { return PyExc_ImportError; }
static inline PyObject *shim_exc_memory_error(void) { return PyExc_MemoryError; }
static inline PyObject *PyExc_SyntaxError_shim(void) { return PyExc_SyntaxError; }

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
