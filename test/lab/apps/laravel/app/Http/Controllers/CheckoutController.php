<?php
namespace App\Http\Controllers;

use App\Exceptions\PaymentFailed;

class CheckoutController
{
    public function store(): string
    {
        // The payment gateway answered with a decline the app does not handle.
        throw new PaymentFailed('The card was declined by the payment gateway.');
    }
}
