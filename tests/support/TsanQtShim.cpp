// Linked into each test executable of a ThreadSanitizer build only (tests/CMakeLists.txt).
//
// Qt is not built with ThreadSanitizer, so what Qt's own code does with an object is invisible
// to it. QMetaObject::invokeMethodImpl, which every QMetaObject::invokeMethod(context, functor)
// ends in, reads the context object before it takes any lock: its thread (direct or queued
// call?), then, in QCoreApplication::postEvent, its private data to find the thread's event
// queue. This definition stands in for Qt's in the test executable: it tells ThreadSanitizer
// about that read, then calls Qt's.
//
// The window between a QPointer's check on one thread and Qt's use of the object is a few
// instructions; a preemption there is rare but real. On a thread other than the GUI thread, the
// read waits HA_TSAN_POST_DELAY_MS milliseconds first (tests/scripts/tsan.sh sets it), as such a
// preemption would. An object deleted meanwhile on its own thread is then used after it was
// freed: ThreadSanitizer reports the race, or, when the memory was reused already, Qt's read
// of it crashes and ThreadSanitizer reports that SEGV with this thread's stack.
#include <QCoreApplication>
#include <QObject>
#include <QThread>

#include <dlfcn.h>

// In ThreadSanitizer's runtime; GCC 12's <sanitizer/tsan_interface.h> does not declare it.
extern "C" void __tsan_read_range(void* address, unsigned long size);

bool QMetaObject::invokeMethodImpl(QObject* object, QtPrivate::QSlotObjectBase* slot,
                                   Qt::ConnectionType type, void* ret)
{
    using Impl = bool (*)(QObject*, QtPrivate::QSlotObjectBase*, Qt::ConnectionType, void*);
    static const auto qts =
        reinterpret_cast<Impl>(dlvsym(RTLD_NEXT,
                                      "_ZN11QMetaObject16invokeMethodImplEP7QObject"
                                      "PN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPv",
                                      "Qt_6"));
    static const int delayMs = qEnvironmentVariableIntValue("HA_TSAN_POST_DELAY_MS");
    const QCoreApplication* app = QCoreApplication::instance();
    if (delayMs > 0 && app && QThread::currentThread() != app->thread())
        QThread::msleep(static_cast<unsigned long>(delayMs));
    if (object)
        __tsan_read_range(object, sizeof(QObject));
    return qts(object, slot, type, ret);
}
