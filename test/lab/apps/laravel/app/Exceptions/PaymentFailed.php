<?php
namespace App\Exceptions;

class PaymentFailed extends \RuntimeException
{
}
